"""Scenario builders shared by the demo and the tests' factories (``tests/factories/``): review
rounds taken through their workflow (``rounds``) and award decisions drafted and issued
(``awards``), step by step through the real services. The demo takes each step at a planned
moment of its clock; the tests take them now. They use no factory_boy: the people they act as
are given to them."""
