# The verbs everyone uses. `make run` and `make test` are all a newcomer needs.
PYTHON ?= python3
VENV := .venv
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml constraints.txt | sha1sum | cut -c1-12)

.PHONY: fuzz-deep bench-social bench-jobs bench-pages bench-communities run test lint messages bench install clean

$(STAMP): pyproject.toml constraints.txt
	@$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "Python 3.11 or newer is needed"'
	@test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install -q --disable-pip-version-check -c constraints.txt -e '.[test]'
	@rm -f $(VENV)/.installed-*; touch $@

install: $(STAMP)

run: $(STAMP)
	@scripts/run.sh

test: $(STAMP)
	@scripts/test.sh

lint: $(STAMP)
	$(VENV)/bin/ruff check . && $(VENV)/bin/ruff format --check .

# The API fuzz with 200 random cases per operation (`make test` runs 10) and a new seed
# each run: many times longer than the fuzz in `make test`. The seed is printed, to
# repeat a failure (TREMPLIN_FUZZ_SEED=N make fuzz-deep).
fuzz-deep: $(STAMP)
	@seed=$${TREMPLIN_FUZZ_SEED:-$$(shuf -i 1-2000000000 -n 1)}; echo "seed $$seed"; \
	  TREMPLIN_FUZZ_EXAMPLES=200 TREMPLIN_FUZZ_SEED=$$seed scripts/with_services.sh \
	  $(VENV)/bin/python -m pytest -n auto -m fuzz

# Refresh the French catalogue after changing strings (needs GNU gettext).
messages: $(STAMP)
	DEBUG=1 $(VENV)/bin/python manage.py makemessages -l fr --no-location --no-obsolete -e html,txt,py,jinja \
	  --ignore '.venv/*' --ignore 'staticfiles/*' --ignore 'tests/*' --ignore 'bench/*' --ignore 'var/*' --ignore 'test-artifacts/*'

bench: $(STAMP)
	$(VENV)/bin/python bench/people_search.py

# The social benchmarks: a kept PostgreSQL cluster, 100,000 members and 1,000,000 posts
# (generated once, about 30 minutes), then wrk and 1,000 websockets (needs apt's wrk).
bench-social: $(STAMP)
	DATABASE_URL=$$(bench/pg.sh start) $(VENV)/bin/python bench/social_data.py
	DATABASE_URL=$$(bench/pg.sh url) $(VENV)/bin/python bench/feed_load.py
	DATABASE_URL=$$(bench/pg.sh url) $(VENV)/bin/python bench/message_delivery.py

bench-jobs: $(STAMP)
	DATABASE_URL=$$(bench/pg.sh start) $(VENV)/bin/python bench/social_data.py
	DATABASE_URL=$$(bench/pg.sh url) $(VENV)/bin/python bench/jobs_data.py
	DATABASE_URL=$$(bench/pg.sh url) $(VENV)/bin/python bench/jobs_alerts.py --interval 0.02
	DATABASE_URL=$$(bench/pg.sh url) $(VENV)/bin/python bench/jobs_search.py

bench-pages: $(STAMP)
	DATABASE_URL=$$(bench/pg.sh start) $(VENV)/bin/python bench/social_data.py
	DATABASE_URL=$$(bench/pg.sh url) $(VENV)/bin/python bench/jobs_data.py
	DATABASE_URL=$$(bench/pg.sh url) $(VENV)/bin/python bench/html_pages.py

bench-communities: $(STAMP)
	DATABASE_URL=$$(bench/pg.sh start) $(VENV)/bin/python bench/social_data.py
	DATABASE_URL=$$(bench/pg.sh url) $(VENV)/bin/python bench/communities_data.py
	DATABASE_URL=$$(bench/pg.sh url) $(VENV)/bin/python bench/communities_load.py

clean:
	rm -rf $(VENV) staticfiles .pytest_cache
