"""A quarterly communication meeting of the Beijing bureau with the demo enterprise and the
ministry, recorded through the real service, with action items for the enterprise and the
bureau (one already done), so the meetings pages have something to show."""

import datetime

from dashboards.models import QuarterlyMeeting
from dashboards.services import action_item_complete, quarterly_meeting_record
from portal.accounts.models import User

TITLE = "北京市退役军人就业合作季度沟通会"
MINUTES = (
    "一、市局通报上季度各合作企业承诺岗位的发布、核验和招用情况，对落后于承诺进度的企业逐一说明原因。\n"
    "二、企业代表介绍本季度招聘计划和岗位调整情况。\n"
    "三、部里提出：承诺岗位须在协议期内按进度发布，核验不实的岗位一律下架。"
)


def ensure_quarterly_meeting(*, today: datetime.date) -> QuarterlyMeeting | None:
    if QuarterlyMeeting.objects.filter(title=TITLE).exists():
        return None
    people = {user.username: user for user in User.objects.filter(username__startswith="demo_")}
    bureau, hr = people["demo_bureau"], people["demo_hr"]
    meeting = quarterly_meeting_record(
        actor=bureau,
        held_on=today - datetime.timedelta(days=3),
        title=TITLE,
        minutes=MINUTES,
        participants=[hr, people["demo_ministry"], people["demo_city_bureau"]],
        items=[
            {
                "text": "补发承诺岗位并提交核验材料",
                "owner": hr,
                "due_on": today + datetime.timedelta(days=30),
            },
            {
                "text": "组织一次专场招聘会",
                "owner": bureau,
                "due_on": today + datetime.timedelta(days=45),
            },
            {
                "text": "报送本季度招聘计划",
                "owner": hr,
                "due_on": today - datetime.timedelta(days=1),
            },
        ],
    )
    last = meeting.action_items.get(text="报送本季度招聘计划")
    action_item_complete(item=last, actor=hr, note="已于会后次日报送市局。")
    return meeting
