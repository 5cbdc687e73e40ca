"""What each role may do with appeals (see accounts.roles; docs/reception.md).

Everyone of the department registers an appeal and sees the journal; a manager assigns the
executor, signs the answer and sees everything; specialists (billing, technicians, legal staff)
answer the appeals given to them; every role that writes to consumers issues a letter from the
letter page. Administrators hold no right here.
"""

from accounts.roles import BILLING, LEGAL, MANAGER, TECHNICIAN

VIEW = ["reception.view_appeal", "reception.view_appealterm"]
REGISTER = ["reception.register_appeal"]
ANSWER = ["reception.answer_appeal"]
LETTER = ["reception.issue_letter"]

PERMISSIONS = {
    BILLING: VIEW + REGISTER + ANSWER + LETTER,
    TECHNICIAN: VIEW + REGISTER + ANSWER + LETTER,
    LEGAL: VIEW + REGISTER + ANSWER + LETTER,
    MANAGER: VIEW + REGISTER + ANSWER + LETTER + ["reception.assign_appeal", "reception.sign_appeal",
                                                   "reception.change_appealterm",
                                                   "reception.view_performance"],
}
