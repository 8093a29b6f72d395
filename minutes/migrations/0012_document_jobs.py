# Issuing the signed PDF as a background task: where each meeting's job stands.

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('minutes', '0011_parts_generation'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='DocumentJob',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('status', models.CharField(choices=[('queued', 'đang chờ'), ('running', 'đang tạo và ký'), ('failed', 'không thành công'), ('done', 'đã phát hành')], default='queued', max_length=10, verbose_name='trạng thái')),
                ('attempts', models.PositiveSmallIntegerField(default=0, verbose_name='số lần thử')),
                ('last_error', models.TextField(blank=True, verbose_name='lỗi gần nhất')),
                ('task_id', models.CharField(blank=True, max_length=64)),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('updated_at', models.DateTimeField(auto_now=True)),
                ('started_at', models.DateTimeField(blank=True, null=True)),
                ('finished_at', models.DateTimeField(blank=True, null=True)),
                ('meeting', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='document_job', to='minutes.meeting')),
                ('requested_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='người yêu cầu')),
            ],
            options={
                'verbose_name': 'việc phát hành văn bản ký số',
                'verbose_name_plural': 'việc phát hành văn bản ký số',
                'indexes': [models.Index(fields=['status'], name='document_job_status')],
            },
        ),
    ]
