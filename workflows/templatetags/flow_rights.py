"""What a user may do with a whole process, for the pages that offer it: the same check the
action's view makes (viewflow's flow-level manage right), so a page never offers a refusal."""

from django import template

register = template.Library()


@register.filter
def can_manage(flow_class, user) -> bool:
    """May ``user`` cancel the processes of ``flow_class`` (viewflow's ``CancelProcessView`` asks this)?"""
    return flow_class.instance.has_manage_permission(user)
