from tortoise import migrations
from tortoise.migrations import operations as ops
import functools
from json import dumps, loads
from plugins.university.models import AttendanceStatus, CampusKind, ClassMode, CourseCategory, EnrolmentStatus
from tortoise.fields.base import OnDelete
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('core', '0003_accounts_and_audit')]

    initial = True

    operations = [
        ops.CreateModel(
            name='Campus',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('name', fields.CharField(max_length=100)),
                ('kind', fields.CharEnumField(description='MAIN: MAIN\nBRANCH: BRANCH\nTEACHING_POINT: TEACHING_POINT', enum_type=CampusKind, max_length=14)),
                ('agency', fields.ForeignKeyField('core.Agency', source_field='agency_id', db_constraint=True, to_field='id', related_name='university_campuses', on_delete=OnDelete.RESTRICT)),
                ('address', fields.CharField(default='', max_length=200)),
                ('version', fields.IntField(default=1)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={'table': 'university_campus', 'app': 'university', 'pk_attr': 'id', 'table_description': 'A campus of the elder university: the main campus, a branch at an agency or a teaching point.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Course',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('name', fields.CharField(max_length=100)),
                ('category', fields.CharEnumField(db_index=True, description='REQUIRED: REQUIRED\nMAJOR: MAJOR\nELECTIVE: ELECTIVE', enum_type=CourseCategory, max_length=8)),
                ('agency', fields.ForeignKeyField('core.Agency', source_field='agency_id', db_constraint=True, to_field='id', related_name='university_courses', on_delete=OnDelete.RESTRICT)),
                ('description', fields.TextField(default='', unique=False)),
                ('version', fields.IntField(default=1)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={'table': 'university_course', 'app': 'university', 'pk_attr': 'id', 'table_description': 'A course of the curriculum, by category, offered by an organising agency.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Term',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('name', fields.CharField(max_length=100)),
                ('agency', fields.ForeignKeyField('core.Agency', source_field='agency_id', db_constraint=True, to_field='id', related_name='university_terms', on_delete=OnDelete.RESTRICT)),
                ('starts_on', fields.DateField()),
                ('ends_on', fields.DateField()),
                ('holidays', fields.JSONField(default=list, encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('version', fields.IntField(default=1)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={'table': 'university_term', 'app': 'university', 'pk_attr': 'id', 'table_description': 'A term (学期) run by an organising agency, with the dates it holds no classes.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='UniversityClass',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('name', fields.CharField(max_length=100)),
                ('course', fields.ForeignKeyField('university.Course', source_field='course_id', db_constraint=True, to_field='id', related_name='classes', on_delete=OnDelete.RESTRICT)),
                ('term', fields.ForeignKeyField('university.Term', source_field='term_id', db_constraint=True, to_field='id', related_name='classes', on_delete=OnDelete.RESTRICT)),
                ('campus', fields.ForeignKeyField('university.Campus', source_field='campus_id', db_constraint=True, to_field='id', related_name='classes', on_delete=OnDelete.RESTRICT)),
                ('teacher', fields.CharField(default='', max_length=50)),
                ('mode', fields.CharEnumField(db_index=True, description='OFFLINE: OFFLINE\nONLINE: ONLINE\nHYBRID: HYBRID', enum_type=ClassMode, max_length=7)),
                ('venue', fields.CharField(default='', max_length=200)),
                ('online_link', fields.CharField(default='', max_length=500)),
                ('schedule', fields.JSONField(default=list, encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('weekdays', fields.CharField(default='', db_index=True, max_length=20)),
                ('capacity', fields.IntField()),
                ('enrol_opens_on', fields.DateField()),
                ('enrol_closes_on', fields.DateField()),
                ('published', fields.BooleanField(default=False, db_index=True)),
                ('version', fields.IntField(default=1)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={'table': 'university_class', 'app': 'university', 'pk_attr': 'id', 'table_description': 'A class (教学班) of a course in a term on a campus, with its weekly schedule and capacity.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Enrolment',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('university_class', fields.ForeignKeyField('university.UniversityClass', source_field='university_class_id', db_constraint=True, to_field='id', related_name='enrolments', on_delete=OnDelete.RESTRICT)),
                ('retiree', fields.ForeignKeyField('core.Retiree', source_field='retiree_id', db_constraint=True, to_field='id', related_name='university_enrolments', on_delete=OnDelete.RESTRICT)),
                ('status', fields.CharEnumField(db_index=True, description='ENROLLED: ENROLLED\nWAITLISTED: WAITLISTED\nWITHDRAWN: WITHDRAWN\nCOMPLETED: COMPLETED', enum_type=EnrolmentStatus, max_length=10)),
                ('self_enrolled', fields.BooleanField(default=False)),
                ('applied_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('enrolled_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('withdrawn_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('withdraw_reason', fields.CharField(default='', max_length=200)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={'table': 'university_enrolment', 'app': 'university', 'pk_attr': 'id', 'table_description': "One retiree's enrolment in one class, enrolled or waitlisted in order of application."},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Session',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('university_class', fields.ForeignKeyField('university.UniversityClass', source_field='university_class_id', db_constraint=True, to_field='id', related_name='sessions', on_delete=OnDelete.RESTRICT)),
                ('held_on', fields.DateField(db_index=True)),
                ('starts_at', fields.CharField(max_length=5)),
                ('ends_at', fields.CharField(max_length=5)),
                ('topic', fields.CharField(default='', max_length=200)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'university_session', 'app': 'university', 'unique_together': (('university_class', 'held_on', 'starts_at'),), 'pk_attr': 'id', 'table_description': 'One session (课次) of a class on a date, generated from the weekly schedule.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Attendance',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('session', fields.ForeignKeyField('university.Session', source_field='session_id', db_constraint=True, to_field='id', related_name='attendance', on_delete=OnDelete.RESTRICT)),
                ('enrolment', fields.ForeignKeyField('university.Enrolment', source_field='enrolment_id', db_constraint=True, to_field='id', related_name='attendance', on_delete=OnDelete.RESTRICT)),
                ('retiree', fields.ForeignKeyField('core.Retiree', source_field='retiree_id', db_constraint=True, to_field='id', related_name='university_attendance', on_delete=OnDelete.RESTRICT)),
                ('status', fields.CharEnumField(description='PRESENT: PRESENT\nONLINE: ONLINE\nABSENT: ABSENT\nLEAVE: LEAVE', enum_type=AttendanceStatus, max_length=7)),
                ('reason', fields.CharField(default='', max_length=200)),
                ('recorded_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={'table': 'university_attendance', 'app': 'university', 'unique_together': (('session', 'enrolment'),), 'pk_attr': 'id', 'table_description': 'Attendance of one enrolled retiree at one session.'},
            bases=['Model'],
        ),
    ]
