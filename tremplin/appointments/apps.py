from django.apps import AppConfig


class AppointmentsConfig(AppConfig):
    name = "tremplin.appointments"
    label = "appointments"
