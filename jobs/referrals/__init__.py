"""The bureau's referrals of consenting, job-seeking veterans to posts (jobs.models.Referral):
who may refer and answer (policies), the lists (selectors), the writes (services), their
pages (views, forms) and API (api)."""
