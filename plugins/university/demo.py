"""Demo data: a current term with campuses (the main campus at the province's department,
branches at institutes, a teaching point), 18 classes of all three modes, enrolments with
waitlists, generated sessions and recorded attendance."""

import datetime as dt
import random

from core.api import Agency, Principal, Retiree, ServiceError, enums, today
from plugins.university import services
from plugins.university.models import (
    AttendanceStatus,
    CampusKind,
    ClassMode,
    CourseCategory,
    EnrolmentStatus,
    UniversityEnrolment,
)

COURSES = [
    ("习近平新时代中国特色社会主义思想专题", CourseCategory.REQUIRED),
    ("老年心理健康", CourseCategory.REQUIRED),
    ("中医养生保健", CourseCategory.REQUIRED),
    ("声乐", CourseCategory.MAJOR),
    ("舞蹈", CourseCategory.MAJOR),
    ("书法", CourseCategory.MAJOR),
    ("国画", CourseCategory.MAJOR),
    ("太极拳", CourseCategory.MAJOR),
    ("葫芦丝", CourseCategory.MAJOR),
    ("茶艺", CourseCategory.ELECTIVE),
    ("围棋", CourseCategory.ELECTIVE),
    ("摄影", CourseCategory.ELECTIVE),
    ("智能手机应用", CourseCategory.ELECTIVE),
]
TEACHERS = ["王丽华", "陈国强", "刘淑芬", "赵建平", "孙晓梅", "周文斌", "吴秀英", "郑志远"]
SLOTS = [("09:00", "10:30"), ("10:45", "12:15"), ("14:30", "16:00")]
MODES = [ClassMode.OFFLINE, ClassMode.ONLINE, ClassMode.HYBRID]


async def load_demo(principal: Principal, seed: int) -> int:
    """Create the catalogue and enrol retirees; returns the number of enrolments."""
    rng = random.Random(seed)
    department = await Agency.filter(kind=enums.AgencyKind.DEPARTMENT).order_by("id").first()
    institutes = (
        await Agency.filter(kind=enums.AgencyKind.INSTITUTE, status=enums.AgencyStatus.ACTIVE).order_by("id").limit(3)
    )
    if department is None or not institutes:
        return 0
    main = await services.create_campus(
        principal, department.id, "军休老年大学总校", CampusKind.MAIN, "省军休活动中心三楼"
    )
    campuses = [main]
    for institute in institutes[:2]:
        campuses.append(
            await services.create_campus(principal, institute.id, f"{institute.name}分校", CampusKind.BRANCH)
        )
    campuses.append(await services.create_campus(principal, institutes[-1].id, "社区教学点", CampusKind.TEACHING_POINT))
    start = today() - dt.timedelta(days=28)
    start -= dt.timedelta(days=start.weekday())  # a Monday four or five weeks ago
    end = start + dt.timedelta(weeks=18)
    holidays = [
        d
        for d in (start + dt.timedelta(days=n) for n in range(0, 126))
        if (d.month, d.day) in {(5, 1), (10, 1), (1, 1)}
    ]
    term = await services.create_term(
        principal, department.id, f"{today().year}年军休老年大学学期", start, end, holidays
    )
    courses = [await services.create_course(principal, department.id, name, category) for name, category in COURSES]
    classes = []
    for index in range(18):
        course = courses[index % len(courses)]
        mode = MODES[index % 3]
        campus = main if mode is ClassMode.ONLINE else campuses[index % len(campuses)]
        slot_start, slot_end = SLOTS[index % len(SLOTS)]
        weekday = index % 5 + 1
        classes.append(
            await services.create_class(
                principal,
                course.id,
                term.id,
                campus.id,
                [{"weekday": weekday, "start": slot_start, "end": slot_end}],
                {
                    "name": f"{course.name}{'一二三'[index // len(courses)]}班",
                    "teacher": rng.choice(TEACHERS),
                    "mode": mode,
                    "venue": "" if mode is ClassMode.ONLINE else f"{campus.name}第{index % 4 + 1}教室",
                    "online_link": "" if mode is ClassMode.OFFLINE else f"https://live.example.org/junxiu/{index + 1}",
                    "capacity": rng.choice([4, 6, 8, 10]),
                    "enrol_opens_on": start - dt.timedelta(days=14),
                    "enrol_closes_on": end - dt.timedelta(days=7),
                    "published": index != 17,  # one draft stays unpublished
                },
            )
        )
    retirees = await Retiree.filter(status=enums.RetireeStatus.ACTIVE).order_by("id").limit(80)
    enrolled = 0
    for retiree in rng.sample(retirees, min(60, len(retirees))):
        for row in rng.sample(classes[:17], 3):
            try:
                await services.enrol(principal, row.id, retiree.id)
            except ServiceError:  # clashes and the per-term limit are expected
                continue
            enrolled += 1
    for row in classes[:17]:
        sessions = await services.generate_sessions(principal, row.id)
        students = await UniversityEnrolment.filter(university_class_id=row.id, status=EnrolmentStatus.ENROLLED)
        for session in [s for s in sessions if s.held_on <= today()]:
            entries = []
            for student in students:
                roll = rng.random()
                if roll < 0.75:
                    status = (
                        AttendanceStatus.ONLINE
                        if row.mode is ClassMode.ONLINE or (row.mode is ClassMode.HYBRID and roll < 0.3)
                        else AttendanceStatus.PRESENT
                    )
                    entries.append({"enrolment_id": student.id, "status": status})
                elif roll < 0.9:
                    reason = rng.choice(["就医", "家中有事", "身体不适"])
                    entries.append({"enrolment_id": student.id, "status": AttendanceStatus.LEAVE, "reason": reason})
                else:
                    entries.append({"enrolment_id": student.id, "status": AttendanceStatus.ABSENT})
            await services.record_attendance(principal, session.id, entries)
    return enrolled
