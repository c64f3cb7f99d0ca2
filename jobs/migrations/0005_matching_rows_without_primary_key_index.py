"""The nightly COPY maintains one index less per row.

The partitioned tables' primary key (id, run_id) was an index nothing reads: a veteran's
page and a post's candidates go through the unique keys (veteran or post first), deletions
by veteran or post are fast deletes on those columns, and an old run goes with DROP TABLE.
Keeping it cost every one of the night's ~12 million rows an index insert, on the database
server, where two workers then compete for the same cores. The id column stays (Django's
primary key), its sequence handing each COPY a thousand values at a time.
"""

from django.db import migrations

SQL = """
ALTER TABLE jobs_recommendation DROP CONSTRAINT jobs_recommendation_pkey;
ALTER TABLE jobs_recommendation ALTER COLUMN id SET CACHE 1000;
ALTER TABLE jobs_postcandidate DROP CONSTRAINT jobs_postcandidate_pkey;
ALTER TABLE jobs_postcandidate ALTER COLUMN id SET CACHE 1000;
"""
REVERSE_SQL = """
ALTER TABLE jobs_recommendation ADD PRIMARY KEY (id, run_id);
ALTER TABLE jobs_recommendation ALTER COLUMN id SET CACHE 1;
ALTER TABLE jobs_postcandidate ADD PRIMARY KEY (id, run_id);
ALTER TABLE jobs_postcandidate ALTER COLUMN id SET CACHE 1;
"""


class Migration(migrations.Migration):
    dependencies = [("jobs", "0004_post_candidate_factors")]

    operations = [migrations.RunSQL(SQL, REVERSE_SQL)]
