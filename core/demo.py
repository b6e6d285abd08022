"""Demo data for one province (江苏省), created through the core services so every rule holds.

``load_core_demo`` builds the agency tree (省厅 → 市局 → 县局 / 军休服务管理中心 → 军休所 → 军休服务站),
the staff of each agency, about 540 retirees with awards, family members and focus tags, caretakers
(定人包户), staff trainings and appraisals, a few deaths and three recent arrivals. It is meant for an
empty database (see ``has_data``); the whole load is one transaction.

Everything is drawn from ``random.Random(seed)``. Historic dates end at ``_ANCHOR`` (the last day
of the previous year, at most 2025-12-31), so the same seed gives the same records on any day;
only the three recent arrivals are dated relative to today.
"""

import datetime as dt
import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from tortoise.transactions import in_transaction

from core import clock
from core.models import Agency, Staff
from core.models.enums import (
    AgencyKind,
    AppraisalGrade,
    AwardLevel,
    AwardPeriod,
    CadreType,
    DepartmentLevel,
    DisabilityCause,
    Education,
    Employment,
    FamilyRelation,
    FocusTag,
    Force,
    Gender,
    HireChannel,
    MaritalStatus,
    PoliticalStatus,
    RetireeCategory,
    ServiceBranch,
    TrainingKind,
    TreatmentLevel,
    label,
)
from core.principal import Principal
from core.services.agencies import create_agency
from core.services.retirees import (
    assign_caretaker,
    create_retiree,
    receive_retiree,
    record_retiree_death,
)
from core.services.staff import create_staff, record_appraisal, record_training
from core.validation import id_number_check_char

PROVINCE = "江苏省"
_FOUNDING = dt.date(1949, 10, 1)


def _anchor(today: dt.date) -> dt.date:
    return min(dt.date(2025, 12, 31), dt.date(today.year - 1, 12, 31))


_ANCHOR = _anchor(clock.today())


@dataclass(frozen=True)
class DemoSummary:
    """What ``load_core_demo`` created."""

    agencies: int
    retirees: int
    staff: int
    deceased: int = 0
    received: int = 0
    caretakers_assigned: int = 0
    trainings: int = 0
    appraisals: int = 0


async def has_data() -> bool:
    """Whether any agency exists (the demo is only loaded into an empty database)."""
    return await Agency.exists()


# --------------------------------------------------------------------------- reference data


@dataclass(frozen=True)
class _City:
    name: str
    code: str  # 6-digit code of the city (320100)
    area_code: str  # telephone area code
    districts: tuple[tuple[str, str], ...]  # (division code, name)
    streets: tuple[str, ...]
    institutes: int
    established: dt.date


_CITIES = (
    _City(
        "南京市", "320100", "025",
        (("320102", "玄武区"), ("320104", "秦淮区"), ("320105", "建邺区"), ("320106", "鼓楼区"),
         ("320113", "栖霞区"), ("320114", "雨花台区"), ("320115", "江宁区")),
        ("中山东路", "北京西路", "汉中路", "龙蟠中路", "中山北路", "瑞金路", "太平北路", "草场门大街"),
        4, dt.date(2019, 1, 16),
    ),
    _City(
        "苏州市", "320500", "0512",
        (("320505", "虎丘区"), ("320506", "吴中区"), ("320507", "相城区"), ("320508", "姑苏区"),
         ("320509", "吴江区")),
        ("干将西路", "人民路", "十全街", "三香路", "竹辉路", "狮山路", "东环路"),
        3, dt.date(2019, 2, 27),
    ),
    _City(
        "无锡市", "320200", "0510",
        (("320205", "锡山区"), ("320206", "惠山区"), ("320211", "滨湖区"), ("320213", "梁溪区"),
         ("320214", "新吴区")),
        ("中山路", "解放南路", "湖滨路", "人民西路", "梁溪路", "太湖大道"),
        2, dt.date(2019, 2, 19),
    ),
    _City(
        "徐州市", "320300", "0516",
        (("320302", "鼓楼区"), ("320303", "云龙区"), ("320311", "泉山区"), ("320312", "铜山区"),
         ("320305", "贾汪区")),
        ("淮海西路", "解放南路", "和平路", "中山南路", "建国西路", "民主北路"),
        3, dt.date(2019, 1, 29),
    ),
)
_ORDINALS = "一二三四五六七八九十"

_SURNAMES = (
    "王王王李李李张张张刘刘陈陈杨杨黄赵赵吴周周徐徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭"
    "曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦方白邹孟熊秦邱江尹"
    "薛段雷侯史陶贺顾毛郝龚邵万钱严武戴孔汤葛殷缪倪季"
)
_MEN_OLD = (
    "建国", "国强", "振华", "保国", "志刚", "德明", "福田", "桂林", "长顺", "玉山", "永福", "树林",
    "宝山", "德胜", "庆云", "文华", "秀峰", "立新", "世昌", "春生", "金海", "连成", "守义", "兆祥",
    "洪涛", "广发", "崇德", "焕章", "荣昌", "克俭", "振东", "士林", "殿元", "继光", "学勤", "炳南",
    "希贤", "绍先", "仲华", "汉生", "锦堂", "云鹏", "德山", "家骏", "维新", "子明", "鸿儒", "正刚",
)
_MEN_YOUNG = (
    "卫国", "建华", "建军", "红兵", "向东", "跃进", "援朝", "胜利", "建平", "志强", "国庆", "小平",
    "宏伟", "海涛", "晓东", "伟", "勇", "军", "斌", "刚", "平", "明", "东升", "利民", "爱国", "振宇",
    "新民", "光辉", "红军", "永红", "建设", "跃华", "国栋", "卫民", "金宝", "志华", "学军", "长江",
)
_WOMEN_OLD = (
    "秀英", "桂英", "玉兰", "淑珍", "凤英", "秀兰", "桂芳", "素珍", "玉珍", "兰英", "淑华", "惠芳",
    "秀珍", "桂兰", "翠英", "文秀", "佩琴", "月娥", "慧君", "静娴",
)
_WOMEN_YOUNG = (
    "红梅", "丽华", "建英", "卫红", "小红", "玉梅", "爱华", "丽萍", "海燕", "晓燕", "慧敏", "红霞",
    "亚平", "秀云", "春燕", "援华", "军英", "美玲", "建萍", "文静",
)
_CHILD_MEN = (
    "伟", "磊", "涛", "强", "军", "斌", "鹏", "浩", "杰", "峰", "晓明", "志勇", "海峰", "俊", "亮",
    "宇", "永刚", "建新", "卫兵", "立军", "文斌", "海波", "国伟", "晓军",
)
_CHILD_WOMEN = (
    "丽", "敏", "静", "燕", "芳", "娟", "霞", "婷", "洁", "晓燕", "丽娟", "雪梅", "艳", "红", "琳",
    "晓红", "玉洁", "文娟", "亚男", "春华",
)
_STAFF_MEN = _CHILD_MEN + ("一鸣", "浩然", "思远", "宇航", "晨阳", "文博", "子豪", "俊杰", "天宇")
_STAFF_WOMEN = _CHILD_WOMEN + ("雨桐", "佳怡", "欣怡", "梦瑶", "子涵", "思琪", "诗雨", "晓雯", "璐")
_NATIVE_OLD = (
    "山东临沂", "山东莒县", "山东沂水", "山东莱芜", "河北阜平", "河北平山", "河南林州", "安徽金寨",
    "安徽六安", "江苏沭阳", "江苏盐城", "江苏淮安", "江苏邳州", "江苏睢宁", "山西武乡", "湖北红安",
)
_NATIVE = _NATIVE_OLD + (
    "江苏南京", "江苏苏州", "江苏无锡", "江苏徐州", "江苏南通", "江苏扬州", "江苏泰州", "江苏宿迁",
    "江苏连云港", "浙江宁波", "浙江绍兴", "安徽合肥", "安徽阜阳", "四川南充", "湖南湘潭", "江西吉安",
    "福建龙岩", "辽宁沈阳", "黑龙江哈尔滨", "上海",
)
_ETHNIC_MINORITIES = ("回族", "满族", "蒙古族", "壮族", "朝鲜族", "土家族", "苗族")

#: (start, end, name, share of those serving who fought, awarding bodies) of the wars
_WARS = (
    (dt.date(1946, 6, 26), dt.date(1949, 9, 30), "解放战争", 1.0,
     ("华东野战军第一纵队", "华东野战军第三纵队", "第三野战军第二十三军", "第三野战军第二十七军",
      "中原野战军第三纵队")),
    (dt.date(1950, 10, 25), dt.date(1953, 7, 27), "抗美援朝战争", 0.6,
     ("中国人民志愿军第二十军", "中国人民志愿军第二十七军", "中国人民志愿军第十二军",
      "中国人民志愿军第六十军")),
    (dt.date(1962, 10, 20), dt.date(1962, 11, 21), "中印边境自卫反击作战", 0.05,
     ("西藏军区", "新疆军区")),
    (dt.date(1979, 2, 17), dt.date(1979, 3, 16), "对越自卫还击作战", 0.2,
     ("昆明军区", "广州军区", "第十三军", "第四十一军")),
    (dt.date(1984, 4, 28), dt.date(1989, 9, 30), "老山、者阴山轮战", 0.15,
     ("昆明军区前线指挥部", "第一军", "第十二军", "第二十七军", "第六十七军")),
)
_PEACE_BODIES_PLA = (
    "原南京军区", "原济南军区", "原南京军区联勤部", "第十二集团军", "第一集团军", "海军东海舰队",
    "原南京军区空军", "原第二炮兵某基地", "原南京军区总医院", "军事科学院",
)
_PEACE_BODIES_PAP = ("武警江苏省总队", "武警部队", "武警上海市总队", "武警第一机动总队")
_PEACE_CITATIONS = (
    "在抗洪抢险中表现突出", "在重大演习任务中成绩显著", "完成科研攻关任务成绩突出",
    "在部队建设中作出突出贡献", "在抢险救灾中表现突出", "在国防施工任务中成绩突出",
    "在医疗救治工作中表现突出", "在军事训练中成绩优异", "圆满完成重大安保任务",
)
_AFTER_HANDOVER_AWARDS = (
    (AwardLevel.PROVINCIAL_MODEL_RETIREE, "江苏省退役军人事务厅", "积极发挥余热，热心关心下一代工作"),
    (AwardLevel.PROVINCIAL_MODEL_RETIREE, "江苏省退役军人事务厅", "坚持宣讲革命传统，事迹感人"),
    (AwardLevel.PROVINCIAL_MODEL_RETIREE, "江苏省退役军人事务厅", "带头参与军休所自我管理服务"),
    (AwardLevel.NATIONAL_MODEL_RETIREE, "退役军人事务部", "长期义务开展红色教育，影响广泛"),
    (AwardLevel.PROVINCIAL_HONOR, "江苏省人民政府", "江苏省优秀共产党员"),
)

_LIXIU_LEVELS = (
    (TreatmentLevel.ARMY_DEPUTY, 5), (TreatmentLevel.DIVISION_CHIEF, 15),
    (TreatmentLevel.DIVISION_DEPUTY, 25), (TreatmentLevel.REGIMENT_CHIEF, 30),
    (TreatmentLevel.REGIMENT_DEPUTY, 15), (TreatmentLevel.BATTALION_CHIEF, 10),
)
_TUIXIU_LEVELS = (
    (TreatmentLevel.ARMY_CHIEF, 0.5), (TreatmentLevel.ARMY_DEPUTY, 2),
    (TreatmentLevel.DIVISION_CHIEF, 5), (TreatmentLevel.DIVISION_DEPUTY, 12),
    (TreatmentLevel.REGIMENT_CHIEF, 25), (TreatmentLevel.REGIMENT_DEPUTY, 24),
    (TreatmentLevel.BATTALION_CHIEF, 18), (TreatmentLevel.BATTALION_DEPUTY, 10),
    (TreatmentLevel.COMPANY_CHIEF, 3),
)
_NCO_LEVELS = (
    (TreatmentLevel.MASTER_SERGEANT_1, 15), (TreatmentLevel.MASTER_SERGEANT_2, 35),
    (TreatmentLevel.MASTER_SERGEANT_3, 35), (TreatmentLevel.MASTER_SERGEANT_4, 10),
    (TreatmentLevel.SERGEANT_FIRST_CLASS, 5),
)
#: retirement age range by treatment level (officers of higher grades serve longer)
_RETIRE_AGE = {
    TreatmentLevel.ARMY_CHIEF: (58, 63), TreatmentLevel.ARMY_DEPUTY: (57, 62),
    TreatmentLevel.DIVISION_CHIEF: (55, 60), TreatmentLevel.DIVISION_DEPUTY: (55, 59),
    TreatmentLevel.REGIMENT_CHIEF: (50, 56), TreatmentLevel.REGIMENT_DEPUTY: (50, 55),
    TreatmentLevel.BATTALION_CHIEF: (48, 53), TreatmentLevel.BATTALION_DEPUTY: (47, 52),
    TreatmentLevel.COMPANY_CHIEF: (46, 50),
}
_POSITIONS_PLA = {
    "army": ("某集团军军长", "某集团军政治委员", "某军区后勤部部长", "某军区副参谋长"),
    "army_dep": ("某集团军副军长", "某集团军副政治委员", "某军区联勤部副部长", "某集团军参谋长"),
    "div": ("某师师长", "某师政治委员", "某集团军参谋长", "某军区总医院院长", "某基地司令员"),
    "div_dep": ("某师副师长", "某师副政治委员", "某集团军后勤部部长", "某军事院校训练部部长"),
    "reg": ("某团团长", "某团政治委员", "某师参谋长", "某师政治部主任", "某师后勤部部长"),
    "reg_dep": ("某团副团长", "某团副政治委员", "某师司令部作训科科长", "某团参谋长"),
    "bat": ("某营营长", "某营教导员", "某团后勤处处长", "某团政治处主任"),
    "bat_dep": ("某营副营长", "某营副教导员", "某团司令部参谋", "某仓库助理员"),
    "coy": ("某连连长", "某连指导员", "某部助理员"),
}
_POSITIONS_TECH = {
    "army": ("某研究院院长",), "army_dep": ("某研究院副院长",),
    "div": ("某研究所所长", "某军区总医院院长"), "div_dep": ("某研究所副所长", "某医院副院长"),
    "reg": ("某研究所高级工程师", "某医院主任医师", "某军事院校教授"),
    "reg_dep": ("某研究所高级工程师", "某医院副主任医师", "某军事院校副教授"),
    "bat": ("某研究所工程师", "某医院主治医师", "某军事院校讲师"),
    "bat_dep": ("某部工程师", "某医院主治医师", "某部助理工程师"),
    "coy": ("某部助理工程师", "某卫生队军医"),
}
_POSITIONS_PAP = {
    "army": ("武警部队某部正军职干部",), "army_dep": ("武警某总队政治委员",),
    "div": ("武警某总队总队长", "武警某总队政治委员"), "div_dep": ("武警某总队副总队长", "武警某总队参谋长"),
    "reg": ("武警某支队支队长", "武警某支队政治委员"), "reg_dep": ("武警某支队副支队长", "武警某支队参谋长"),
    "bat": ("武警某大队大队长", "武警某大队教导员"), "bat_dep": ("武警某大队副大队长", "武警某支队参谋"),
    "coy": ("武警某中队中队长", "武警某中队指导员"),
}
_LEVEL_GROUP = {
    TreatmentLevel.ARMY_CHIEF: "army", TreatmentLevel.ARMY_DEPUTY: "army_dep",
    TreatmentLevel.DIVISION_CHIEF: "div", TreatmentLevel.DIVISION_DEPUTY: "div_dep",
    TreatmentLevel.REGIMENT_CHIEF: "reg", TreatmentLevel.REGIMENT_DEPUTY: "reg_dep",
    TreatmentLevel.BATTALION_CHIEF: "bat", TreatmentLevel.BATTALION_DEPUTY: "bat_dep",
    TreatmentLevel.COMPANY_CHIEF: "coy", TreatmentLevel.COMPANY_DEPUTY: "coy",
}

#: staff of a 军休所: (position, employment, hire channel, chance of being a veteran, 包户)
_INSTITUTE_CORE = (
    ("所长", Employment.ESTABLISHED, HireChannel.APPOINTMENT, 0.6, True),
    ("副所长", Employment.ESTABLISHED, HireChannel.POLICY_PLACEMENT, 0.8, True),
    ("服务保障科科长", Employment.ESTABLISHED, HireChannel.OPEN_RECRUITMENT, 0.2, True),
)
_INSTITUTE_MORE = (
    ("管理科科员", Employment.ESTABLISHED, HireChannel.OPEN_RECRUITMENT, 0.1, True),
    ("档案管理员", Employment.ESTABLISHED, HireChannel.CLASSIFIED_POST, 0.2, True),
    ("医护人员", Employment.CONTRACT, HireChannel.OPEN_RECRUITMENT, 0.05, True),
    ("医护人员", Employment.CONTRACT, HireChannel.OPEN_RECRUITMENT, 0.05, True),
    ("管理员", Employment.CONTRACT, HireChannel.OPEN_RECRUITMENT, 0.2, True),
    ("财务会计", Employment.ESTABLISHED, HireChannel.OPEN_RECRUITMENT, 0.0, False),
    ("司机", Employment.CONTRACT, HireChannel.POLICY_PLACEMENT, 0.9, False),
    ("炊事员", Employment.OUTSOURCED, None, 0.05, False),
    ("护理员", Employment.OUTSOURCED, None, 0.0, False),
)
_STATION_STAFF = (
    ("站长", Employment.ESTABLISHED, HireChannel.APPOINTMENT, 0.5, True),
    ("管理员", Employment.CONTRACT, HireChannel.OPEN_RECRUITMENT, 0.3, True),
    ("社会工作者", Employment.OUTSOURCED, None, 0.0, True),
)
_CENTER_STAFF = (
    ("主任", Employment.ESTABLISHED, HireChannel.APPOINTMENT, 0.5, False),
    ("副主任", Employment.ESTABLISHED, HireChannel.POLICY_PLACEMENT, 0.9, False),
    ("综合科科员", Employment.ESTABLISHED, HireChannel.OPEN_RECRUITMENT, 0.1, False),
)
_FEMALE_LEANING = {"医护人员", "护理员", "财务会计", "档案管理员", "社会工作者"}
_TRAININGS = (
    (TrainingKind.EDUCATION, "全省军休服务管理工作人员业务培训班", 32, ("结业", "合格")),
    (TrainingKind.EDUCATION, "军休干部档案管理业务培训", 16, ("合格",)),
    (TrainingKind.EDUCATION, "老年心理健康与适老化服务专题培训", 12, ("结业",)),
    (TrainingKind.SKILL_DRILL, "心肺复苏与急救技能岗位练兵", 8, ("合格", "优秀")),
    (TrainingKind.SKILL_DRILL, "消防安全与应急疏散岗位练兵", 6, ("合格",)),
    (TrainingKind.COMPETITION, "全省军休系统服务技能竞赛", 16, ("一等奖", "二等奖", "三等奖", "优秀奖")),
)


# --------------------------------------------------------------------------- helpers


def _between(rng: random.Random, start: dt.date, end: dt.date) -> dt.date:
    if end <= start:
        return start
    return start + dt.timedelta(days=rng.randint(0, (end - start).days))


def _plus_years(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def _weighted(rng: random.Random, pairs: Sequence[tuple[Any, float]]) -> Any:
    return rng.choices([value for value, _ in pairs], weights=[weight for _, weight in pairs])[0]


def _mobile(rng: random.Random) -> str:
    prefix = rng.choice(("139", "138", "137", "136", "135", "158", "159", "152", "180", "189", "133", "177"))
    return f"{prefix}{rng.randint(0, 99_999_999):08d}"


def _landline(rng: random.Random, area: str) -> str:
    return f"{area}-{rng.choice('5678')}{rng.randint(0, 9_999_999):07d}"


class _Names:
    def __init__(self, rng: random.Random) -> None:
        self.rng = rng

    def surname(self) -> str:
        return self.rng.choice(_SURNAMES)

    def person(self, gender: Gender, birth_year: int, surname: str | None = None) -> str:
        if gender is Gender.MALE:
            pool = _MEN_OLD if birth_year < 1950 else _MEN_YOUNG if birth_year < 1970 else _STAFF_MEN
        else:
            pool = (
                _WOMEN_OLD if birth_year < 1950 else _WOMEN_YOUNG if birth_year < 1970 else _STAFF_WOMEN
            )
        return (surname or self.surname()) + self.rng.choice(pool)

    def child(self, gender: Gender, surname: str) -> str:
        return surname + self.rng.choice(_CHILD_MEN if gender is Gender.MALE else _CHILD_WOMEN)


@dataclass
class _Unit:
    """A 军休所 or 军休服务站 that serves retirees, with its city and staff."""

    agency: Agency
    city: _City
    district: tuple[str, str]
    carers: list[int] = field(default_factory=list)


@dataclass
class _State:
    rng: random.Random
    names: _Names
    used_ids: set[str] = field(default_factory=set)
    archive_seq: dict[str, int] = field(default_factory=dict)
    agencies: int = 0
    staff: int = 0
    trainings: int = 0
    appraisals: int = 0
    hero_given: bool = False


# --------------------------------------------------------------------------- agencies


async def _agency(principal: Principal, st: _State, parent: Agency | None, **values: Any) -> Agency:
    agency = await create_agency(principal, values, parent.id if parent else None)
    st.agencies += 1
    return agency


def _agency_values(
    st: _State, city: _City, district: tuple[str, str], established: dt.date, quota: int | None
) -> dict[str, Any]:
    rng = st.rng
    representative_gender = _weighted(rng, ((Gender.MALE, 4), (Gender.FEMALE, 1)))
    return {
        "division_code": district[0],
        "address": f"{PROVINCE}{city.name}{district[1]}{rng.choice(city.streets)}{rng.randint(1, 299)}号",
        "phone": _landline(rng, city.area_code),
        "legal_representative": st.names.person(representative_gender, 1972),
        "established_on": established,
        "staff_quota": quota,
    }


async def _build_tree(principal: Principal, st: _State) -> list[_Unit]:
    rng = st.rng
    nanjing = _CITIES[0]
    province = await _agency(
        principal, st, None,
        kind=AgencyKind.DEPARTMENT, level=DepartmentLevel.PROVINCE, name=f"{PROVINCE}退役军人事务厅",
        **{**_agency_values(st, nanjing, ("320000", "玄武区"), dt.date(2018, 10, 26), None),
           "address": f"{PROVINCE}南京市玄武区北京东路39号"},
    )
    units: list[_Unit] = []
    for city in _CITIES:
        seat = city.districts[0]
        bureau = await _agency(
            principal, st, province,
            kind=AgencyKind.DEPARTMENT, level=DepartmentLevel.CITY, name=f"{city.name}退役军人事务局",
            **{**_agency_values(st, city, seat, city.established, None), "division_code": city.code},
        )
        center = await _agency(
            principal, st, bureau,
            kind=AgencyKind.CENTER, name=f"{city.name}军休服务管理中心",
            **_agency_values(st, city, seat, _between(rng, dt.date(2019, 6, 1), dt.date(2020, 12, 31)),
                             rng.randint(10, 16)),
        )
        institutes = []
        for number in range(city.institutes):
            district = city.districts[number % len(city.districts)]
            established = _between(rng, dt.date(1984, 1, 1), dt.date(1996, 12, 31))
            institute = await _agency(
                principal, st, center,
                kind=AgencyKind.INSTITUTE,
                name=f"{city.name}第{_ORDINALS[number]}军队离休退休干部休养所",
                **_agency_values(st, city, district, established, rng.randint(8, 15)),
            )
            institutes.append(institute)
            units.append(_Unit(institute, city, district))
        # one 军休服务站 per city, under different kinds of parent to show the tree rules
        district = city.districts[-1]
        established = _between(rng, dt.date(2020, 3, 1), dt.date(2023, 6, 30))
        station_values = _agency_values(st, city, district, established, rng.randint(2, 4))
        station_name = f"{city.name}{district[1]}军休服务站"
        if city is nanjing:
            county = await _agency(
                principal, st, bureau,
                kind=AgencyKind.DEPARTMENT, level=DepartmentLevel.COUNTY,
                name=f"{city.name}{district[1]}退役军人事务局",
                **_agency_values(st, city, district, dt.date(2019, 3, 8), None),
            )
            parent = county
        elif city.institutes > 2:
            parent = institutes[-1]
        else:
            parent = center
        station = await _agency(
            principal, st, parent, kind=AgencyKind.STATION, name=station_name, **station_values
        )
        units.append(_Unit(station, city, district))
    return units


# --------------------------------------------------------------------------- staff


async def _add_staff(
    principal: Principal, st: _State, unit: Agency, template: Sequence[tuple]
) -> list[Staff]:
    rng = st.rng
    created = []
    for position, employment, channel, veteran_chance, _ in template:
        leader = position in {"所长", "主任", "站长", "副所长", "副主任"}
        born_from, born_to = (1966, 1986) if leader else (1970, 2001)
        birth = _between(rng, dt.date(born_from, 1, 1), dt.date(born_to, 12, 31))
        female_share = 0.8 if position in _FEMALE_LEANING else 0.3 if not leader else 0.15
        gender = Gender.FEMALE if rng.random() < female_share else Gender.MALE
        veteran = gender is Gender.MALE and rng.random() < veteran_chance
        hired = _between(rng, min(_plus_years(birth, 24 if veteran else 22), _ANCHOR), _ANCHOR)
        staff = await create_staff(principal, unit.id, {
            "name": st.names.person(gender, birth.year),
            "gender": gender,
            "employment": employment,
            "birth_date": birth,
            "phone": _mobile(rng),
            "position": position,
            "hire_channel": channel,
            "veteran": veteran,
            "military_family": not veteran and rng.random() < 0.12,
            "hired_on": hired,
        })
        created.append(staff)
        st.staff += 1
    return created


def _institute_template(rng: random.Random) -> list[tuple]:
    extra = rng.sample(_INSTITUTE_MORE, rng.randint(4, 6))
    return [*_INSTITUTE_CORE, *sorted(extra, key=_INSTITUTE_MORE.index)]


async def _staff_records(principal: Principal, st: _State, staff: Sequence[Staff]) -> None:
    """Trainings for about half the staff; appraisals of the last two years for the rest."""
    rng = st.rng
    for member in staff:
        if rng.random() < 0.5:
            for kind, title, hours, results in rng.sample(_TRAININGS, rng.randint(1, 2)):
                started = _between(rng, dt.date(_ANCHOR.year, 3, 1), _ANCHOR - dt.timedelta(days=10))
                started = max(started, member.hired_on or started)
                days = max(1, hours // 8)
                await record_training(principal, member.id, {
                    "kind": kind,
                    "title": title,
                    "started_on": started,
                    "ended_on": started + dt.timedelta(days=days - 1),
                    "hours": hours,
                    "result": rng.choice(results),
                })
                st.trainings += 1
        if member.employment is Employment.OUTSOURCED:
            continue
        for year in (_ANCHOR.year - 1, _ANCHOR.year):
            if member.hired_on and member.hired_on.year > year:
                continue
            grade = _weighted(rng, (
                (AppraisalGrade.EXCELLENT, 18), (AppraisalGrade.COMPETENT, 78),
                (AppraisalGrade.BASICALLY_COMPETENT, 4),
            ))
            remarks = {
                AppraisalGrade.EXCELLENT: "定人包户责任落实到位，军休干部满意度高",
                AppraisalGrade.COMPETENT: "较好完成年度工作任务",
                AppraisalGrade.BASICALLY_COMPETENT: "服务台账记录不够及时，需加强",
            }[grade]
            await record_appraisal(principal, member.id, year, grade, remarks)
            st.appraisals += 1


# --------------------------------------------------------------------------- retirees


def _id_number(st: _State, code: str, birth: dt.date, gender: Gender) -> str:
    rng = st.rng
    while True:
        parity = rng.choice("13579" if gender is Gender.MALE else "02468")
        first17 = f"{code}{birth:%Y%m%d}{rng.randint(0, 99):02d}{parity}"
        number = first17 + id_number_check_char(first17)
        if number not in st.used_ids:
            st.used_ids.add(number)
            return number


def _archive_number(st: _State, city: _City) -> str:
    prefix = city.code[:4]
    st.archive_seq[prefix] = st.archive_seq.get(prefix, 0) + 1
    return f"JX-{prefix}-{st.archive_seq[prefix]:06d}"


def _category(rng: random.Random) -> RetireeCategory:
    return _weighted(rng, (
        (RetireeCategory.LIXIU, 5), (RetireeCategory.TUIXIU_TO_LIXIU, 2),
        (RetireeCategory.RETIRED_NCO, 8), (RetireeCategory.TUIXIU, 85),
    ))


def _birth(rng: random.Random, category: RetireeCategory) -> dt.date:
    if category is RetireeCategory.LIXIU:
        years = (1925, 1932)
    elif category is RetireeCategory.TUIXIU_TO_LIXIU:
        years = (1929, 1933)
    elif category is RetireeCategory.RETIRED_NCO:
        years = (1958, 1965)
    else:  # many aged 80 and over, as in most 军休所
        years = _weighted(rng, (((1936, 1945), 38), ((1946, 1955), 30), ((1956, 1965), 32)))
    return _between(rng, dt.date(years[0], 1, 1), dt.date(years[1], 12, 31))


def _service_branch(rng: random.Random, force: Force, birth: dt.date) -> ServiceBranch:
    if force is Force.PAP:
        return ServiceBranch.ARMED_POLICE
    choices = [(ServiceBranch.ARMY, 60), (ServiceBranch.AIR_FORCE, 15), (ServiceBranch.NAVY, 12)]
    if birth.year >= 1938:
        choices.append((ServiceBranch.ROCKET_FORCE, 8))
    if birth.year >= 1960:
        choices += [(ServiceBranch.JOINT_LOGISTICS, 5), (ServiceBranch.STRATEGIC_SUPPORT, 3)]
    return _weighted(rng, choices)


def _education(rng: random.Random, category: RetireeCategory, birth: dt.date) -> Education:
    E = Education
    if category in (RetireeCategory.LIXIU, RetireeCategory.TUIXIU_TO_LIXIU):
        pairs = ((E.PRIMARY, 30), (E.JUNIOR_HIGH, 30), (E.HIGH_SCHOOL, 15), (E.JUNIOR_COLLEGE, 20),
                 (E.UNDERGRADUATE, 5))
    elif category is RetireeCategory.RETIRED_NCO:
        pairs = ((E.JUNIOR_HIGH, 10), (E.HIGH_SCHOOL, 40), (E.SECONDARY_SPECIALIZED, 20),
                 (E.JUNIOR_COLLEGE, 30))
    elif birth.year < 1950:
        pairs = ((E.JUNIOR_HIGH, 20), (E.HIGH_SCHOOL, 25), (E.SECONDARY_SPECIALIZED, 20),
                 (E.JUNIOR_COLLEGE, 25), (E.UNDERGRADUATE, 10))
    else:
        pairs = ((E.HIGH_SCHOOL, 5), (E.JUNIOR_COLLEGE, 30), (E.UNDERGRADUATE, 50), (E.POSTGRADUATE, 15))
    return _weighted(rng, pairs)


def _wars_fought(rng: random.Random, enlisted: dt.date, retired: dt.date) -> list[tuple]:
    """The (start, end, name, bodies) of the wars this soldier fought in, clipped to the service."""
    fought = []
    for start, end, name, share, bodies in _WARS:
        start = max(start, enlisted + dt.timedelta(days=90))
        end = min(end, retired)
        if start <= end and rng.random() < share:
            fought.append((start, end, name, bodies))
    return fought


def _awards(
    st: _State, r: dict[str, Any], category: RetireeCategory, wars: Sequence[tuple]
) -> list[dict[str, Any]]:
    rng = st.rng
    old_soldier = category in (RetireeCategory.LIXIU, RetireeCategory.TUIXIU_TO_LIXIU)
    if rng.random() >= (0.75 if old_soldier else 0.6 if wars else 0.33):
        return []
    awards: list[dict[str, Any]] = []
    for _ in range(_weighted(rng, ((1, 55), (2, 33), (3, 12)))):
        roll = rng.random()
        if wars and roll < 0.5:
            start, end, war, bodies = rng.choice(wars)
            if not st.hero_given and old_soldier:
                level, st.hero_given = AwardLevel.COMBAT_HERO, True
            else:
                level = _weighted(rng, (
                    (AwardLevel.THIRD_CLASS_MERIT, 60), (AwardLevel.SECOND_CLASS_MERIT, 30),
                    (AwardLevel.FIRST_CLASS_MERIT, 8), (AwardLevel.COMBAT_HERO, 0.6),
                ))
            awards.append({
                "awarded_on": _between(rng, start, end),
                "level": level,
                "period": AwardPeriod.DURING_SERVICE,
                "wartime": True,
                "awarding_body": rng.choice(bodies),
                "citation": f"在{war}中英勇作战，荣立{label(level)}"
                if level is not AwardLevel.COMBAT_HERO else f"在{war}中战功卓著，被授予战斗英雄称号",
            })
        elif roll < 0.85 or r["handed_over_on"] > _ANCHOR - dt.timedelta(days=730):
            level = _weighted(rng, (
                (AwardLevel.COMMENDATION, 35), (AwardLevel.THIRD_CLASS_MERIT, 45),
                (AwardLevel.SECOND_CLASS_MERIT, 10), (AwardLevel.FIRST_CLASS_MERIT, 2),
                (AwardLevel.ARMY_UNIT_HONORARY_TITLE, 2.5), (AwardLevel.MAJOR_UNIT_HONORARY_TITLE, 1),
            ))
            start = max(r["enlisted_on"] + dt.timedelta(days=365), _FOUNDING)
            bodies = _PEACE_BODIES_PAP if r["force"] is Force.PAP else _PEACE_BODIES_PLA
            awards.append({
                "awarded_on": _between(rng, start, r["retired_on"]),
                "level": level,
                "period": AwardPeriod.DURING_SERVICE,
                "wartime": False,
                "awarding_body": rng.choice(bodies),
                "citation": rng.choice(_PEACE_CITATIONS),
            })
        else:
            level, body, citation = _weighted(rng, [
                (award, 0.5 if award[0] is AwardLevel.NATIONAL_MODEL_RETIREE else 1.5)
                for award in _AFTER_HANDOVER_AWARDS
            ])
            start = max(r["handed_over_on"] + dt.timedelta(days=365), dt.date(1990, 1, 1))
            awards.append({
                "awarded_on": _between(rng, start, _ANCHOR),
                "level": level,
                "period": AwardPeriod.AFTER_HANDOVER,
                "wartime": False,
                "awarding_body": body,
                "citation": citation,
            })
    return sorted(awards, key=lambda a: a["awarded_on"])


def _family(
    st: _State, name: str, gender: Gender, birth: dt.date, marital: MaritalStatus, lonely: bool
) -> list[dict[str, Any]]:
    """Spouse (if married) and one to three children; exactly one emergency contact."""
    rng, names = st.rng, st.names
    surname = name[0]
    members: list[dict[str, Any]] = []
    if marital is MaritalStatus.MARRIED:
        spouse_gender = Gender.FEMALE if gender is Gender.MALE else Gender.MALE
        spouse_birth = birth.year + rng.randint(-2, 6) * (1 if gender is Gender.MALE else -1)
        members.append({
            "name": names.person(spouse_gender, spouse_birth),
            "relation": FamilyRelation.SPOUSE,
            "phone": _mobile(rng) if spouse_birth >= 1945 or rng.random() < 0.5 else "",
            "emergency_contact": False,
        })
    if marital is not MaritalStatus.SINGLE:
        limit = 3 - len(members)
        for _ in range(rng.randint(0 if lonely else 1, limit)):
            child_gender = rng.choice((Gender.MALE, Gender.FEMALE))
            members.append({
                "name": names.child(child_gender, surname),
                "relation": FamilyRelation.CHILD,
                "phone": _mobile(rng),
                "emergency_contact": False,
            })
    elif rng.random() < 0.8:
        members.append({
            "name": names.child(rng.choice((Gender.MALE, Gender.FEMALE)), surname),
            "relation": rng.choice((FamilyRelation.SIBLING, FamilyRelation.OTHER)),
            "phone": _mobile(rng),
            "emergency_contact": False,
        })
    if members:
        # an old spouse is rarely the one to call at night; a child is
        young_spouse = members[0]["relation"] is FamilyRelation.SPOUSE and birth.year >= 1945
        contact = 0 if young_spouse or len(members) == 1 else rng.randint(1, len(members) - 1)
        members[contact]["emergency_contact"] = True
    return members


def _focus_tags(rng: random.Random, old: bool, marital: MaritalStatus) -> list[FocusTag]:
    if rng.random() >= (0.5 if old else 0.14):
        return []
    married = marital is MaritalStatus.MARRIED
    if old:
        pairs = [(FocusTag.SERIOUS_ILLNESS, 2), (FocusTag.DEMENTIA, 1.5), (FocusTag.DISABLED, 1.5),
                 (FocusTag.EMPTY_NEST if married else FocusTag.LIVING_ALONE, 3)]
    else:
        pairs = [(FocusTag.SERIOUS_ILLNESS, 2), (FocusTag.DISABLED, 0.7),
                 (FocusTag.EMPTY_NEST if married else FocusTag.LIVING_ALONE, 2)]
    tags = {_weighted(rng, pairs)}
    if rng.random() < 0.3:
        tags.add(_weighted(rng, pairs))
    return sorted(tags, key=list(FocusTag).index)


def _retiree(
    st: _State,
    unit: _Unit,
    category: RetireeCategory | None = None,
    birth: dt.date | None = None,
    levels: Sequence[tuple[TreatmentLevel, float]] | None = None,
) -> tuple:
    """Values, focus tags, awards and family of one plausible retiree of ``unit``."""
    rng, names = st.rng, st.names
    city = unit.city
    category = category or _category(rng)
    birth = birth or _birth(rng, category)
    old_soldier = category in (RetireeCategory.LIXIU, RetireeCategory.TUIXIU_TO_LIXIU)
    nco = category is RetireeCategory.RETIRED_NCO
    female_share = 0.03 if old_soldier else 0.02 if nco else 0.1
    gender = Gender.FEMALE if rng.random() < female_share else Gender.MALE
    force = Force.PAP if not old_soldier and birth.year >= 1945 and rng.random() < 0.12 else Force.PLA

    if nco:
        cadre = CadreType.NCO
        level = _weighted(rng, _NCO_LEVELS)
    else:
        cadre = _weighted(rng, (
            (CadreType.OFFICER, 65 if gender is Gender.MALE else 10), (CadreType.TECHNICAL_OFFICER, 20),
            (CadreType.CIVILIAN, 8), (CadreType.TECHNICAL_CIVILIAN, 7 if gender is Gender.MALE else 35),
        ))
        level = _weighted(rng, levels or (_LIXIU_LEVELS if old_soldier else _TUIXIU_LEVELS))

    # service dates: enlisted → retired → handed over → received
    if old_soldier:
        earliest = max(_plus_years(birth, 14), dt.date(1944, 1, 1))
        enlisted = _between(rng, earliest, dt.date(1949, 9, 30))
    else:
        earliest = max(_plus_years(birth, 17), dt.date(1949, 10, 1))
        enlisted = _between(rng, earliest, _plus_years(birth, 21))
    if nco:
        retired = _between(rng, _plus_years(enlisted, 30), _plus_years(enlisted, 33))
    else:
        low, high = _RETIRE_AGE.get(level, (55, 62)) if not old_soldier else (55, 62)
        retired = _between(rng, _plus_years(birth, low), _plus_years(birth, high))
        retired = max(retired, _plus_years(enlisted, 20 if not old_soldier else 25))
    latest = _ANCHOR - dt.timedelta(days=400)  # leaves room for handover and reception
    if retired > latest:
        retired = _between(rng, latest - dt.timedelta(days=3 * 365), latest)
    handed_over = retired + dt.timedelta(days=rng.randint(30, 700))
    received = handed_over + dt.timedelta(days=rng.randint(3, 90))
    retired, handed_over, received = (min(day, _ANCHOR) for day in (retired, handed_over, received))
    wars = _wars_fought(rng, enlisted, retired)

    old = birth.year <= _ANCHOR.year - 79
    widowed_share = 0.45 if birth.year < 1935 else 0.25 if old else 0.07
    marital = _weighted(rng, (
        (MaritalStatus.MARRIED, 1 - widowed_share - 0.04), (MaritalStatus.WIDOWED, widowed_share),
        (MaritalStatus.DIVORCED, 0.03), (MaritalStatus.SINGLE, 0.01),
    ))
    tags = _focus_tags(rng, old, marital)

    party = rng.random() < (0.99 if old_soldier else 0.72 if not nco else 0.6)
    if party:
        political = PoliticalStatus.CPC_MEMBER
        party_joined = _between(rng, max(enlisted, _plus_years(birth, 17)), _plus_years(enlisted, 8))
        party_joined = min(party_joined, retired)
    else:
        political = _weighted(rng, ((PoliticalStatus.MASSES, 95), (PoliticalStatus.DEMOCRATIC_PARTY, 5)))
        party_joined = None

    disability = None
    if rng.random() < (0.25 if old_soldier else 0.12 if wars else 0.04):
        cause = _weighted(rng, (
            (DisabilityCause.WAR, 6 if wars else 0),
            (DisabilityCause.DUTY, 4), (DisabilityCause.ILLNESS, 2),
        ))
        disability = (cause, rng.randint(4, 10))

    positions = (
        _POSITIONS_PAP if force is Force.PAP
        else _POSITIONS_TECH if cadre in (CadreType.TECHNICAL_OFFICER, CadreType.TECHNICAL_CIVILIAN)
        else _POSITIONS_PLA
    )
    position = f"某旅{label(level)}" if nco else rng.choice(positions[_LEVEL_GROUP[level]])
    district = unit.district if rng.random() < 0.6 else rng.choice(city.districts)
    name = names.person(gender, birth.year)
    values = {
        "name": name,
        "gender": gender,
        "birth_date": birth,
        "id_number": _id_number(st, district[0], birth, gender),
        "category": category,
        "force": force,
        "ethnicity": "汉族" if rng.random() < 0.95 else rng.choice(_ETHNIC_MINORITIES),
        "native_place": rng.choice(_NATIVE_OLD if old_soldier else _NATIVE),
        "phone": _landline(rng, city.area_code) if old and rng.random() < 0.6 else _mobile(rng),
        "address": (
            f"{PROVINCE}{city.name}{district[1]}{rng.choice(city.streets)}{rng.randint(1, 399)}号"
            f"{rng.randint(1, 24)}幢{rng.randint(1, 4)}单元{rng.randint(1, 7)}0{rng.randint(1, 4)}室"
        ),
        "education": _education(rng, category, birth),
        "marital_status": marital,
        "service_branch": _service_branch(rng, force, birth),
        "cadre_type": cadre,
        "enlisted_on": enlisted,
        "retired_on": retired,
        "handed_over_on": handed_over,
        "received_on": received,
        "treatment_level": level,
        "original_position": position,
        "disability_cause": disability[0] if disability else None,
        "disability_grade": disability[1] if disability else None,
        "political_status": political,
        "party_joined_on": party_joined,
        "archive_number": _archive_number(st, city),
    }
    lonely = FocusTag.LIVING_ALONE in tags or FocusTag.EMPTY_NEST in tags
    awards = _awards(st, values, category, wars)
    family = _family(st, name, gender, birth, marital, lonely)
    return values, tags, awards, family


async def _recent_arrivals(
    principal: Principal, st: _State, units: Sequence[_Unit]
) -> list[tuple[int, _Unit]]:
    """Three senior officers who retired at 60, were handed over this year and were received in
    the last weeks; their archives are still to be handed over."""
    rng = st.rng
    today = clock.today()
    senior = ((TreatmentLevel.DIVISION_CHIEF, 1), (TreatmentLevel.DIVISION_DEPUTY, 2))
    received_ids = []
    for days_ago, unit in zip((6, 15, 27), (units[0], units[4], units[7]), strict=False):
        birth = _between(rng, dt.date(1965, 1, 1), dt.date(1965, 10, 31))
        values, tags, awards, family = _retiree(st, unit, RetireeCategory.TUIXIU, birth, senior)
        received = today - dt.timedelta(days=days_ago)
        handed_over = received - dt.timedelta(days=rng.randint(10, 40))
        latest = handed_over - dt.timedelta(days=60)
        earliest = min(max(_plus_years(birth, 60), latest - dt.timedelta(days=300)), latest)
        retired = _between(rng, earliest, latest)
        values.update(
            retired_on=retired,
            handed_over_on=handed_over,
            received_on=received,
            archive_number="",  # numbered when the archive arrives (Art. 28)
        )
        if values["party_joined_on"]:
            values["party_joined_on"] = min(values["party_joined_on"], retired)
        awards = [a for a in awards if a["awarded_on"] <= retired]
        retiree = await receive_retiree(principal, unit.agency.id, values, tags, awards, family)
        received_ids.append((retiree.id, unit))
    return received_ids


# --------------------------------------------------------------------------- entry point


async def load_core_demo(principal: Principal, seed: int = 2026) -> DemoSummary:
    """Create the demo province through the core services; for an empty database."""
    rng = random.Random(seed)
    st = _State(rng, _Names(rng))
    async with in_transaction():
        units = await _build_tree(principal, st)

        all_staff: list[Staff] = []
        for unit in units:
            template = (
                _STATION_STAFF[: rng.randint(2, 3)] if unit.agency.kind is AgencyKind.STATION
                else _institute_template(rng)
            )
            staff = await _add_staff(principal, st, unit.agency, template)
            unit.carers = [s.id for s, row in zip(staff, template, strict=False) if row[4]]
            all_staff += staff
        for center in await Agency.filter(kind=AgencyKind.CENTER).order_by("id"):
            all_staff += await _add_staff(principal, st, center, _CENTER_STAFF)
        await _staff_records(principal, st, all_staff)

        retirees: list[tuple[int, dt.date, dt.date, _Unit]] = []  # id, birth, received, unit
        for unit in units:
            station = unit.agency.kind is AgencyKind.STATION
            count = rng.randint(10, 16) if station else rng.randint(40, 52)
            for _ in range(count):
                values, tags, awards, family = _retiree(st, unit)
                retiree = await create_retiree(principal, unit.agency.id, values, tags, awards, family)
                retirees.append((retiree.id, values["birth_date"], values["received_on"], unit))
        arrivals = await _recent_arrivals(principal, st, units)

        # a few of the oldest died in the last two years; their families stay as survivors
        oldest = sorted(retirees, key=lambda row: row[1])[:40]
        deceased = sorted(rng.sample(oldest, 6))
        for rid, _, received, _ in deceased:
            start = max(received + dt.timedelta(days=30), dt.date(_ANCHOR.year - 1, 1, 1))
            await record_retiree_death(principal, rid, _between(rng, start, _ANCHOR))

        # 定人包户 (Art. 15): most living retirees get a carer of their own agency
        dead = {rid for rid, *_ in deceased}
        caretakers = 0
        for rid, unit in [(rid, unit) for rid, _, _, unit in retirees] + arrivals:
            if rid not in dead and unit.carers and rng.random() < 0.93:
                await assign_caretaker(principal, rid, rng.choice(unit.carers))
                caretakers += 1

    return DemoSummary(
        agencies=st.agencies,
        retirees=len(retirees) + len(arrivals),
        staff=st.staff,
        deceased=len(deceased),
        received=len(arrivals),
        caretakers_assigned=caretakers,
        trainings=st.trainings,
        appraisals=st.appraisals,
    )
