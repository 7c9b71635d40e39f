"""`{% sandbox_purpose sandbox as link %}`: see sandbox.purpose."""

from django import template

from sandbox.purpose import purpose_link

register = template.Library()


@register.simple_tag(takes_context=True)
def sandbox_purpose(context, sandbox):
    request = context.get("request")
    return purpose_link(sandbox, getattr(request, "user", None))
