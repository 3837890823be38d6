"""Submit a Django admin form as a browser would: read the fields of the page, change some."""

from html.parser import HTMLParser


class _FormFields(HTMLParser):
    def __init__(self):
        super().__init__()
        self.fields: list[tuple[str, str]] = []
        self._select = None
        self._textarea = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        name = attrs.get("name")
        if tag == "input" and name and attrs.get("type") not in ("submit", "button", "file"):
            checkable = attrs.get("type") in ("checkbox", "radio")
            if checkable and "checked" not in attrs:
                return
            self.fields.append((name, attrs.get("value", "on" if checkable else "")))
        elif tag == "select" and name:
            self._select = name
        elif tag == "option" and self._select and "selected" in attrs:
            self.fields.append((self._select, attrs.get("value", "")))
        elif tag == "textarea" and name:
            self._textarea = name
            self.fields.append((name, ""))

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data):
        if self._textarea:
            name, value = self.fields[-1]
            self.fields[-1] = (name, value + data)


def admin_form_data(html: str, **changes) -> dict:
    """The values the admin page's form would send, with ``changes`` applied (None removes)."""
    parser = _FormFields()
    parser.feed(html)
    data: dict = {}
    for name, value in parser.fields:
        data.setdefault(name, []).append(value)
    for name, value in changes.items():
        if value is None:
            data.pop(name, None)
        else:
            data[name] = value if isinstance(value, list) else [value]
    return data


def admin_options(html: str, select_name: str) -> list[str]:
    """The option values offered by a select of the page."""
    values, inside = [], False

    class _Options(HTMLParser):
        def handle_starttag(self, tag, attrs):
            nonlocal inside
            attrs = dict(attrs)
            if tag == "select":
                inside = attrs.get("name") == select_name
            elif tag == "option" and inside and attrs.get("value"):
                values.append(attrs["value"])

        def handle_endtag(self, tag):
            nonlocal inside
            if tag == "select":
                inside = False

    _Options().feed(html)
    return values
