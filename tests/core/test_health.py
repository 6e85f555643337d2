from django.db import OperationalError


def test_health_answers_ok_when_the_database_answers(client, db) -> None:  # type: ignore[no-untyped-def]
    response = client.get("/health/")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_health_answers_503_when_the_database_does_not(client, db, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from entraide.core import views

    class Unreachable:
        def cursor(self):  # type: ignore[no-untyped-def]
            raise OperationalError("could not connect to server")

    monkeypatch.setattr(views, "connection", Unreachable())
    response = client.get("/health/")
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable"}


def test_a_page_gives_a_generic_503_page_when_the_database_is_down(client, db, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from entraide.core import views

    def broken(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise OperationalError("could not connect to server: Connection refused")

    monkeypatch.setattr(views, "capabilities_for", broken)
    response = client.get("/fr/")
    assert response.status_code == 503
    body = response.content.decode()
    assert "Connection refused" not in body
    assert "Traceback" not in body


def test_an_unexpected_error_gives_a_plain_500_page(client, db, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from entraide.core import views

    def boom(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise ValueError("secret detail")

    monkeypatch.setattr(views, "capabilities_for", boom)
    client.raise_request_exception = False
    response = client.get("/fr/")
    assert response.status_code == 500
    assert "secret detail" not in response.content.decode()
    assert '<html lang="fr">' in response.content.decode()
