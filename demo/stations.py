"""The demo's service directory (#20): a service centre in each province's capital and in
the demo bureaus' cities, and in Beijing a centre in every district with a street's service
station in the demo district (朝阳区), so every veteran's footer has a hotline to show."""

from django.db import transaction

from portal.reference.models import Region
from veterans.models import ServiceStation

DEMO_DISTRICT = "110105"  # 朝阳区: demo_district_bureau, demo_veteran's home
SERVICES = (
    "就业创业服务与岗位推荐\n优待证办理\n退役军人政策咨询\n帮扶援助\n信访接待",
    "就业信息发布\n优待证申领协助\n走访慰问\n困难帮扶",
)
HOURS = "周一至周五 9:00–12:00，13:30–17:30"


# The long-distance codes of the provincial capitals (and Shenzhen), by province; the
# numbers after them are made up.
AREA_CODES = {
    "11": "010", "12": "022", "13": "0311", "14": "0351", "15": "0471", "21": "024",
    "22": "0431", "23": "0451", "31": "021", "32": "025", "33": "0571", "34": "0551",
    "35": "0591", "36": "0791", "37": "0531", "41": "0371", "42": "027", "43": "0731",
    "44": "020", "45": "0771", "46": "0898", "50": "023", "51": "028", "52": "0851",
    "53": "0871", "54": "0891", "61": "029", "62": "0931", "63": "0971", "64": "0951",
    "65": "0991", "71": "02", "81": "852", "82": "853",
}  # fmt: skip


def _phone(region: Region, serial: int) -> str:
    area = "0755" if region.code == "440300" else AREA_CODES.get(region.code[:2], "010")
    return f"{area}-{6000_0000 + int(region.code[2:]) * 10 + serial}"


def _centre(region: Region, serial: int = 0) -> ServiceStation:
    return ServiceStation(
        region=region,
        kind=ServiceStation.Kind.CENTRE,
        name=f"{region.name}退役军人服务中心",
        address=f"{region.place_name.replace(' · ', '')}人民路{serial + 1}号",
        phone=_phone(region, serial),
        hours=HOURS,
        services=SERVICES[0],
    )


def ensure_service_stations() -> int:
    """Made once (nothing when the directory has entries); the number made."""
    if ServiceStation.objects.exists():
        return 0
    regions = Region.objects.select_related("parent__parent")
    capitals = regions.cities().filter(code__endswith="0100")
    beijing = regions.filter(parent_id="110100")
    stations = [_centre(region) for region in capitals]
    stations += [_centre(region) for region in regions.filter(code="440300")]
    stations += [_centre(region) for region in beijing]
    district = regions.get(code=DEMO_DISTRICT)
    for serial, street in enumerate(("朝外街道", "三里屯街道", "望京街道")):
        stations.append(
            ServiceStation(
                region=district,
                kind=ServiceStation.Kind.STATION,
                name=f"朝阳区{street}退役军人服务站",
                address=f"北京市朝阳区{street}社区服务中心{serial + 1}层",
                phone=_phone(district, serial + 1),
                hours=HOURS,
                services=SERVICES[1],
            )
        )
    with transaction.atomic():
        ServiceStation.objects.bulk_create(stations)
    return len(stations)
