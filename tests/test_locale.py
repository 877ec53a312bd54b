from django.conf import settings


def test_locale_english_browser_still_gets_vietnamese(client, db):
    response = client.get("/dang-nhap/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert 'lang="vi"' in response.content.decode()
    assert "E-mail hoặc số điện thoại" in response.content.decode()


def test_locale_switcher_choice_gives_english(client, db):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/dang-nhap/"})
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    page = client.get("/dang-nhap/").content.decode()
    assert 'lang="en"' in page
    assert "E-mail or phone number" in page


def test_locale_unknown_cookie_falls_back_to_vietnamese(client, db):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"
    assert 'lang="vi"' in client.get("/dang-nhap/").content.decode()
