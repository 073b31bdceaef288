"""What accounts tells the apps above it (see tremplin.core.events)."""

from tremplin.core.events import Event

# A member signed up (the account row is committed). `name` is the name they gave on
# the sign-up form, for the apps that show one (profiles makes the profile from it).
account_created = Event("accounts.account_created_on_commit", "user_id", "name")
