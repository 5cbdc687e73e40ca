from settlements import demo
from settlements.models import BankStatement, Debt, Payment, PenaltyAccrual, PenaltyLine
from subscribers.models import Consumer

from .factories import ConsumerFactory, ContractFactory


def test_demo_seed_shows_debts_payments_and_penalties(organization, make_user):
    # given the register's demo contracts and users
    from core.demo import DemoContext

    for n in range(8):
        ContractFactory(consumer=ConsumerFactory(penalty_category=Consumer.PenaltyCategory.OTHER), number=f"{700 + n}-Т")
    ctx = DemoContext()
    ctx.data["users"] = {"Расчетчик": make_user("Расчетчик"), "Юрист": make_user("Юрист")}
    # when
    demo.seed(ctx)
    # then
    assert Debt.objects.count() == 8 * 3 * 3  # ПП 808: three instalments a month
    assert BankStatement.objects.count() == 1
    assert Payment.objects.filter(status=Payment.Status.UNMATCHED).count() == 1
    assert PenaltyAccrual.objects.get().status == PenaltyAccrual.Status.DONE
    assert PenaltyLine.objects.exists()
    from documents.models import ArchivedDocument

    assert ArchivedDocument.objects.filter(template_code="settlements.penalty_statement").count() == 1
