from django.db import migrations, models

COUNT = """
UPDATE accounts_user AS u SET unread_notifications = c.unread
FROM (SELECT user_id, COUNT(*) AS unread FROM accounts_notification
      WHERE read_at IS NULL GROUP BY user_id) AS c
WHERE u.id = c.user_id
"""


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0006_sms"),
    ]

    operations = [
        migrations.AddField(
            model_name="user",
            name="unread_notifications",
            field=models.PositiveIntegerField(
                default=0, db_default=0, verbose_name="unread notifications"
            ),
        ),
        migrations.RunSQL(COUNT, migrations.RunSQL.noop),
    ]
