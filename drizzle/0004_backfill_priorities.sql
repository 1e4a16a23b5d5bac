-- Jobs filed before priorities existed get their kind's (src/jobs), so a page or a deadline
-- waiting across the upgrade is not left behind triage posts and re-renders.
UPDATE `outbox` SET `priority` = CASE `kind`
  WHEN 'create_channel' THEN 0
  WHEN 'invite' THEN 0
  WHEN 'post_summary' THEN 0
  WHEN 'post_checklist' THEN 0
  WHEN 'send_page' THEN 0
  WHEN 'escalation_deadline' THEN 0
  WHEN 'set_topic' THEN 1
  WHEN 'refresh_page' THEN 1
  WHEN 'post_update' THEN 1
  WHEN 'post_notice' THEN 1
  WHEN 'update_cadence' THEN 1
  WHEN 'item_due' THEN 1
  WHEN 'post_debrief' THEN 3
  WHEN 'upload_debrief' THEN 3
  ELSE 2
END
WHERE `state` IN ('pending', 'running');
