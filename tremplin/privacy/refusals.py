from tremplin.core.refusals import Refusal


class PrivacyRefusal(Refusal):
    area = "privacy"
