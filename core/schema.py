"""OpenAPI helpers the record and alert views share."""

from drf_spectacular.extensions import OpenApiSerializerExtension
from drf_spectacular.utils import PolymorphicProxySerializer


class AnyOfSerializer(PolymorphicProxySerializer):
    """A response with one of several shapes, by who asks (a patient sees a part of what a
    carer sees) or by what they ask for (``?ordering=risk`` adds fields to each row).

    Documented as ``anyOf`` rather than drf-spectacular's ``oneOf``: the smaller shape's fields
    are a subset of the larger one's, so a body of the larger shape matches both."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("resource_type_field_name", None)
        super().__init__(*args, **kwargs)


class AnyOfExtension(OpenApiSerializerExtension):
    target_class = AnyOfSerializer

    def get_name(self, auto_schema=None, direction=None):
        return self.target.component_name

    def map_serializer(self, auto_schema, direction):
        return {"anyOf": [auto_schema.resolve_serializer(serializer, direction).ref
                          for serializer in self.target.serializers]}
