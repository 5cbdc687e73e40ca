"""One demo user per role; logins and passwords are printed by seed_demo."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from accounts.roles import ADMINISTRATOR, BILLING, LEGAL, MANAGER, TECHNICIAN

DEMO_USERS = [
    # role, username, password, last name, first name
    (TECHNICIAN, "tech", "tech-demo-2026", "Петров", "Сергей"),
    (BILLING, "billing", "billing-demo-2026", "Смирнова", "Ольга"),
    (LEGAL, "lawyer", "lawyer-demo-2026", "Кузнецов", "Андрей"),
    (MANAGER, "manager", "manager-demo-2026", "Волкова", "Марина"),
    (ADMINISTRATOR, "admin", "admin-demo-2026", "Орлов", "Дмитрий"),
]


def seed(ctx) -> None:
    User = get_user_model()
    for role, username, password, last_name, first_name in DEMO_USERS:
        user, created = User.objects.get_or_create(
            username=username,
            defaults={"last_name": last_name, "first_name": first_name, "is_staff": role == ADMINISTRATOR},
        )
        if created:
            user.set_password(password)
            user.save()
        user.groups.add(Group.objects.get(name=role))
        ctx.data.setdefault("users", {})[role] = user
        ctx.logins.append((role, username, password))
