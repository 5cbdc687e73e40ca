"""What each role may do with inspections and acts (see accounts.roles).

Anyone of the department reports a suspected violation (a dispatcher's call, a meter reader's
note) and sees the inspections; technicians plan routes, record results and fill and issue
acts; legal staff accept an issued act or return it with comments; managers plan routes and
see everything and approve the calculations; billing specialists issue the calculation and the
payment demand of an accepted act; managers, technicians and billing see the losses report.
Administrators hold no right here.
"""

from accounts.roles import BILLING, LEGAL, MANAGER, TECHNICIAN

VIEW = ["inspections.view_fieldinspection", "inspections.view_inspectionroute", "inspections.view_violationact"]
REPORT = ["inspections.add_fieldinspection"]
PLAN = ["inspections.add_inspectionroute"]
RECORD = ["inspections.change_fieldinspection", "inspections.fill_act"]
REVIEW = ["inspections.review_act"]
LOSSES = ["inspections.view_losses"]  # the losses report: managers, technicians, billing
CHARGE = ["inspections.issue_calculation", "inspections.issue_payment_demand"]  # the calculation and the demand
APPROVE = ["inspections.approve_calculation"]

PERMISSIONS = {
    TECHNICIAN: VIEW + REPORT + PLAN + RECORD + LOSSES,
    LEGAL: VIEW + REPORT + REVIEW,
    MANAGER: VIEW + REPORT + PLAN + LOSSES + APPROVE,
    BILLING: VIEW + REPORT + LOSSES + CHARGE,
}
