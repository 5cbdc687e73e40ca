"""The Django admin of the reception: the specialists' reception hours (administrators keep
them); appeals and bookings are made on their own pages through the services."""

from django.contrib import admin

from .models import ReceptionHours


@admin.register(ReceptionHours)
class ReceptionHoursAdmin(admin.ModelAdmin):
    list_display = ("specialist", "weekday", "starts", "ends", "slot_minutes", "place", "active")
    list_filter = ("weekday", "active")
