import factory

from accounts.models import User


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"nguoi{n}@example.vn")
    last_name = "Nguyễn Văn"
    first_name = factory.Sequence(lambda n: f"An{n}")
    password = factory.PostGenerationMethodCall("set_password", "mat-khau-123")

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()
