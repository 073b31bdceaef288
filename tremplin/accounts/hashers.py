from django.contrib.auth.hashers import Argon2PasswordHasher


class TestArgon2PasswordHasher(Argon2PasswordHasher):
    """Argon2 with tiny costs, for the test suite only: the default (100 MB, 0.5 s a
    hash on two cores) made every fixture with seven members take seconds. The stored
    hash is still an `argon2$...` hash that the production hasher verifies."""

    time_cost = 1
    memory_cost = 1024
    parallelism = 1
