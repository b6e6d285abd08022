"""Enumerations of the core domain (DOMAIN.md), shared by models and the GraphQL schema."""

from enum import Enum

import strawberry

v = strawberry.enum_value


@strawberry.enum(description="机构类型")
class AgencyKind(Enum):
    DEPARTMENT = v("DEPARTMENT", description="退役军人事务部门")
    CENTER = v("CENTER", description="军休服务管理中心")
    INSTITUTE = v("INSTITUTE", description="军休所")
    STATION = v("STATION", description="军休服务站")


@strawberry.enum(description="退役军人事务部门的行政层级")
class DepartmentLevel(Enum):
    MINISTRY = v("MINISTRY", description="部级")
    PROVINCE = v("PROVINCE", description="省级")
    CITY = v("CITY", description="市级")
    COUNTY = v("COUNTY", description="县级")


@strawberry.enum(description="机构状态")
class AgencyStatus(Enum):
    ACTIVE = v("ACTIVE", description="正常")
    MERGED = v("MERGED", description="已合并到其他机构")
    CLOSED = v("CLOSED", description="已撤销")


@strawberry.enum(description="性别")
class Gender(Enum):
    MALE = v("MALE", description="男")
    FEMALE = v("FEMALE", description="女")


@strawberry.enum(description="文化程度")
class Education(Enum):
    POSTGRADUATE = v("POSTGRADUATE", description="研究生")
    UNDERGRADUATE = v("UNDERGRADUATE", description="大学本科")
    JUNIOR_COLLEGE = v("JUNIOR_COLLEGE", description="大学专科")
    SECONDARY_SPECIALIZED = v("SECONDARY_SPECIALIZED", description="中专")
    HIGH_SCHOOL = v("HIGH_SCHOOL", description="高中")
    JUNIOR_HIGH = v("JUNIOR_HIGH", description="初中")
    PRIMARY = v("PRIMARY", description="小学及以下")


@strawberry.enum(description="婚姻状况")
class MaritalStatus(Enum):
    MARRIED = v("MARRIED", description="已婚")
    WIDOWED = v("WIDOWED", description="丧偶")
    DIVORCED = v("DIVORCED", description="离婚")
    SINGLE = v("SINGLE", description="未婚")


@strawberry.enum(description="军休干部类别")
class RetireeCategory(Enum):
    LIXIU = v("LIXIU", description="离休干部")
    TUIXIU = v("TUIXIU", description="退休干部")
    TUIXIU_TO_LIXIU = v("TUIXIU_TO_LIXIU", description="退休改离休干部")
    RETIRED_NCO = v("RETIRED_NCO", description="退休军士（第三十六条）")


@strawberry.enum(description="所属部队")
class Force(Enum):
    PLA = v("PLA", description="中国人民解放军")
    PAP = v("PAP", description="中国人民武装警察部队")


@strawberry.enum(description="军种")
class ServiceBranch(Enum):
    ARMY = v("ARMY", description="陆军")
    NAVY = v("NAVY", description="海军")
    AIR_FORCE = v("AIR_FORCE", description="空军")
    ROCKET_FORCE = v("ROCKET_FORCE", description="火箭军")
    STRATEGIC_SUPPORT = v("STRATEGIC_SUPPORT", description="战略支援部队")
    JOINT_LOGISTICS = v("JOINT_LOGISTICS", description="联勤保障部队")
    ARMED_POLICE = v("ARMED_POLICE", description="武警部队")


@strawberry.enum(description="干部类别")
class CadreType(Enum):
    OFFICER = v("OFFICER", description="军官")
    TECHNICAL_OFFICER = v("TECHNICAL_OFFICER", description="技术军官")
    CIVILIAN = v("CIVILIAN", description="文职干部")
    TECHNICAL_CIVILIAN = v("TECHNICAL_CIVILIAN", description="技术文职干部")
    NCO = v("NCO", description="士官")


@strawberry.enum(description="享受待遇级别")
class TreatmentLevel(Enum):
    ARMY_CHIEF = v("ARMY_CHIEF", description="正军职")
    ARMY_DEPUTY = v("ARMY_DEPUTY", description="副军职")
    DIVISION_CHIEF = v("DIVISION_CHIEF", description="正师职")
    DIVISION_DEPUTY = v("DIVISION_DEPUTY", description="副师职")
    REGIMENT_CHIEF = v("REGIMENT_CHIEF", description="正团职")
    REGIMENT_DEPUTY = v("REGIMENT_DEPUTY", description="副团职")
    BATTALION_CHIEF = v("BATTALION_CHIEF", description="正营职")
    BATTALION_DEPUTY = v("BATTALION_DEPUTY", description="副营职")
    COMPANY_CHIEF = v("COMPANY_CHIEF", description="正连职")
    COMPANY_DEPUTY = v("COMPANY_DEPUTY", description="副连职")
    PLATOON_CHIEF = v("PLATOON_CHIEF", description="正排职")
    PLATOON_DEPUTY = v("PLATOON_DEPUTY", description="副排职")
    MASTER_SERGEANT_1 = v("MASTER_SERGEANT_1", description="一级军士长")
    MASTER_SERGEANT_2 = v("MASTER_SERGEANT_2", description="二级军士长")
    MASTER_SERGEANT_3 = v("MASTER_SERGEANT_3", description="三级军士长")
    MASTER_SERGEANT_4 = v("MASTER_SERGEANT_4", description="四级军士长")
    SERGEANT_FIRST_CLASS = v("SERGEANT_FIRST_CLASS", description="上士")
    SERGEANT = v("SERGEANT", description="中士")
    CORPORAL = v("CORPORAL", description="下士")


@strawberry.enum(description="伤残性质")
class DisabilityCause(Enum):
    WAR = v("WAR", description="因战")
    DUTY = v("DUTY", description="因公")
    ILLNESS = v("ILLNESS", description="因病")


@strawberry.enum(description="政治面貌")
class PoliticalStatus(Enum):
    CPC_MEMBER = v("CPC_MEMBER", description="中共党员")
    CPC_PROBATIONARY = v("CPC_PROBATIONARY", description="中共预备党员")
    DEMOCRATIC_PARTY = v("DEMOCRATIC_PARTY", description="民主党派")
    MASSES = v("MASSES", description="群众")


@strawberry.enum(description="军休干部状态（生命周期）")
class RetireeStatus(Enum):
    ACTIVE = v("ACTIVE", description="在册服务管理中")
    TRANSFERRED_OUT = v("TRANSFERRED_OUT", description="已移交本系统以外")
    DECEASED = v("DECEASED", description="已去世")


@strawberry.enum(description="档案状态（第二十八条）")
class ArchiveState(Enum):
    PENDING_HANDOVER = v("PENDING_HANDOVER", description="待移交")
    RECEIVED = v("RECEIVED", description="已接收")
    ACTIVE = v("ACTIVE", description="在管")
    TRANSFERRED_OUT = v("TRANSFERRED_OUT", description="已转出")
    ARCHIVED = v("ARCHIVED", description="已归档")


@strawberry.enum(description="重点关注标签（第十六条）；高龄由出生日期推算，不可手工设置")
class FocusTag(Enum):
    DISABLED = v("DISABLED", description="失能")
    DEMENTIA = v("DEMENTIA", description="失智")
    SERIOUS_ILLNESS = v("SERIOUS_ILLNESS", description="重病")
    ADVANCED_AGE = v("ADVANCED_AGE", description="高龄（80 周岁及以上，自动推算）")
    LIVING_ALONE = v("LIVING_ALONE", description="独居")
    EMPTY_NEST = v("EMPTY_NEST", description="空巢")


@strawberry.enum(description="风险等级（由关注标签与年龄推算）")
class RiskTier(Enum):
    HIGH = v("HIGH", description="高风险：每周联系")
    FOCUS = v("FOCUS", description="重点：每月联系")
    NORMAL = v("NORMAL", description="一般：每季度联系")


@strawberry.enum(description="立功受奖等级")
class AwardLevel(Enum):
    CMC_HONORARY_TITLE = v("CMC_HONORARY_TITLE", description="中央军委授予荣誉称号")
    MAJOR_UNIT_HONORARY_TITLE = v(
        "MAJOR_UNIT_HONORARY_TITLE", description="大单位授予荣誉称号"
    )
    ARMY_UNIT_HONORARY_TITLE = v("ARMY_UNIT_HONORARY_TITLE", description="军级单位授予荣誉称号")
    FIRST_CLASS_MERIT = v("FIRST_CLASS_MERIT", description="一等功")
    SECOND_CLASS_MERIT = v("SECOND_CLASS_MERIT", description="二等功")
    THIRD_CLASS_MERIT = v("THIRD_CLASS_MERIT", description="三等功")
    COMMENDATION = v("COMMENDATION", description="嘉奖")
    COMBAT_HERO = v("COMBAT_HERO", description="战斗英雄")
    NATIONAL_HONOR = v("NATIONAL_HONOR", description="国家级荣誉称号")
    PROVINCIAL_HONOR = v("PROVINCIAL_HONOR", description="省部级荣誉称号")
    NATIONAL_MODEL_RETIREE = v("NATIONAL_MODEL_RETIREE", description="全国先进军休干部")
    PROVINCIAL_MODEL_RETIREE = v("PROVINCIAL_MODEL_RETIREE", description="全省先进军休干部")


@strawberry.enum(description="立功受奖时期")
class AwardPeriod(Enum):
    DURING_SERVICE = v("DURING_SERVICE", description="服役期间")
    AFTER_HANDOVER = v("AFTER_HANDOVER", description="移交政府安置后")


@strawberry.enum(description="家属与军休干部的关系")
class FamilyRelation(Enum):
    SPOUSE = v("SPOUSE", description="配偶")
    CHILD = v("CHILD", description="子女")
    PARENT = v("PARENT", description="父母")
    SIBLING = v("SIBLING", description="兄弟姐妹")
    OTHER = v("OTHER", description="其他亲属")


@strawberry.enum(description="用工形式（第三十二条）")
class Employment(Enum):
    ESTABLISHED = v("ESTABLISHED", description="在编")
    CONTRACT = v("CONTRACT", description="聘用")
    OUTSOURCED = v("OUTSOURCED", description="专业化服务（购买服务）")


@strawberry.enum(description="进人渠道（第三十一条）")
class HireChannel(Enum):
    OPEN_RECRUITMENT = v("OPEN_RECRUITMENT", description="公开招聘")
    POLICY_PLACEMENT = v("POLICY_PLACEMENT", description="政策性安置")
    APPOINTMENT = v("APPOINTMENT", description="上级任命")
    CLASSIFIED_POST = v("CLASSIFIED_POST", description="涉密岗位")


@strawberry.enum(description="工作人员状态")
class StaffStatus(Enum):
    ACTIVE = v("ACTIVE", description="在岗")
    LEFT = v("LEFT", description="已离职")


@strawberry.enum(description="培训类型（第三十四条）")
class TrainingKind(Enum):
    EDUCATION = v("EDUCATION", description="教育培训")
    SKILL_DRILL = v("SKILL_DRILL", description="岗位练兵")
    COMPETITION = v("COMPETITION", description="业务竞赛")


@strawberry.enum(description="年度考核等次（第三十五条）")
class AppraisalGrade(Enum):
    EXCELLENT = v("EXCELLENT", description="优秀")
    COMPETENT = v("COMPETENT", description="称职")
    BASICALLY_COMPETENT = v("BASICALLY_COMPETENT", description="基本称职")
    INCOMPETENT = v("INCOMPETENT", description="不称职")


def label(member: Enum) -> str:
    """The Chinese label of an enum member, as its GraphQL description says."""
    definition = type(member).__strawberry_definition__  # type: ignore[attr-defined]
    return next(value.description for value in definition.values if value.value == member.value)


@strawberry.enum(description="账户类型")
class AccountKind(Enum):
    ADMIN = v("ADMIN", description="系统管理员（不受机构范围限制）")
    DEPARTMENT = v("DEPARTMENT", description="退役军人事务部门用户（本部门及下级）")
    STAFF = v("STAFF", description="军休机构工作人员用户（本机构及下级）")
    RETIREE = v("RETIREE", description="军休干部自助用户（仅本人）")


@strawberry.enum(description="令牌类型")
class TokenKind(Enum):
    SESSION = v("SESSION", description="登录会话令牌")
    API = v("API", description="长期 API 令牌（门户与系统集成）")


@strawberry.enum(description="审计事件类型")
class AuditAction(Enum):
    MUTATION = v("MUTATION", description="数据变更")
    ROLE_CHANGE = v("ROLE_CHANGE", description="角色授予或收回")
    SENSITIVE_READ = v("SENSITIVE_READ", description="读取未脱敏的敏感个人信息")
    LOGIN = v("LOGIN", description="登录成功")
    LOGIN_FAILED = v("LOGIN_FAILED", description="登录失败")
    LOGOUT = v("LOGOUT", description="退出登录")
    DOWNLOAD = v("DOWNLOAD", description="下载附件")


@strawberry.enum(description="审计事件结果")
class AuditOutcome(Enum):
    SUCCEEDED = v("SUCCEEDED", description="成功")
    REFUSED = v("REFUSED", description="被拒绝（业务错误或无权限）")
