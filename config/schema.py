"""The OpenAPI description of the errors: every operation lists each error status it can answer,
with the body's shape, derived in one place from what the view is (its parameters, body,
authentication, permissions and throttles) rather than repeated on each view."""

from drf_spectacular.openapi import AutoSchema
from drf_spectacular.plumbing import ResolvedComponent
from rest_framework.permissions import SAFE_METHODS, AllowAny, IsAuthenticated

# DRF's {"detail": ...} for every error but a validation error (the lockout adds a code).
ERROR_SCHEMA = {
    "type": "object",
    "properties": {
        "detail": {"type": "string", "description": "What went wrong, for a person to read."},
        "code": {"type": "string", "description": "A stable name of the error, when it has one."},
    },
    "required": ["detail"],
}
# A 400: each key names a field (a nested one as a path, or non_field_errors) and holds its
# messages; an item of a list or an object nests the same shape. A body that cannot be read
# at all answers {"detail": ...}.
VALIDATION_ERROR_SCHEMA = {
    "type": "object",
    "description": "Field name to the rules it breaks; `detail` when the body cannot be read.",
    "additionalProperties": {
        "anyOf": [
            {"type": "string"},
            {"type": "array", "items": {}},
            {"type": "object"},
        ],
    },
}
ERROR_STATUSES = {
    "400": ("ValidationError", "The input breaks a rule: the body names each field and rule."),
    "401": ("Error", "Not signed in, the token has expired or was revoked, or (signing in) the "
                     "e-mail or password is wrong."),
    "403": ("Error", "Signed in, but this role or person may not do this."),
    "404": ("Error", "No such record among those you may see (or an invalid page cursor)."),
    "413": ("Error", "The request body is too large."),
    "415": ("Error", "The body is not JSON (send Content-Type: application/json)."),
    "429": ("Error", "Too many requests: try again later."),
}
_PASSIVE_PERMISSIONS = (AllowAny, IsAuthenticated)


class ErrorDocumentingAutoSchema(AutoSchema):
    """drf-spectacular's AutoSchema, plus the error statuses of each operation."""

    def get_operation(self, path, path_regex, path_prefix, method, registry):
        operation = super().get_operation(path, path_regex, path_prefix, method, registry)
        if operation is None:
            return None
        responses = operation["responses"]
        for status, response in responses.items():
            if status >= "400" and "content" not in response:
                # A view named the status but not the body: this API's conflict answers name
                # the field (as a 400 does), every other error is {"detail": ...}.
                name = "ValidationError" if status in ("400", "409") else "Error"
                response["content"] = {
                    "application/json": {"schema": self._error_component(name).ref}}
        for status in self._error_statuses(operation):
            name, description = ERROR_STATUSES[status]
            if status in responses:  # a view's own description of it wins
                continue
            responses[status] = {
                "description": description,
                "content": {"application/json": {"schema": self._error_component(name).ref}},
            }
        operation["responses"] = dict(sorted(responses.items()))
        return operation

    def _error_statuses(self, operation) -> list[str]:
        parameters = operation.get("parameters", [])
        has_body = "requestBody" in operation or self.method in ("POST", "PUT", "PATCH")
        statuses = []
        if has_body or any(p["in"] == "query" for p in parameters):
            statuses.append("400")
        if self.view.get_authenticators() or self.method not in SAFE_METHODS:
            statuses.append("401")  # a view without authentication may check credentials
        permissions = self.view.get_permissions()
        if self.method not in SAFE_METHODS or any(
                type(p) not in _PASSIVE_PERMISSIONS for p in permissions):
            statuses.append("403")  # a role rule, the patient's own record, or CSRF
        if any(p["in"] == "path" or p["name"] in ("cursor", "page") for p in parameters):
            statuses.append("404")
        if has_body:
            statuses += ["413", "415"]
        if self.view.get_throttles():
            statuses.append("429")
        return statuses

    def _error_component(self, name: str) -> ResolvedComponent:
        schema = ERROR_SCHEMA if name == "Error" else VALIDATION_ERROR_SCHEMA
        component = ResolvedComponent(name=name, type=ResolvedComponent.SCHEMA, schema=schema,
                                      object=name)
        self.registry.register_on_missing(component)
        return component
