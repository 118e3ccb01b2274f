/** The rollups of answer and delivery counts (recounted by report_rollup_rebuild). */
export const COUNT_ROLLUPS = [
  'report_agent_day',
  'report_segment_day',
  'report_driver_day',
  'report_agent_week',
  'report_segment_week',
  'report_driver_total_day',
  'report_agent_block',
  'report_channel_day',
  'report_channel_week',
  'report_brand_day',
  'report_brand_week',
  'report_team_day',
  'report_team_week',
] as const;

/** The resolution-path rollups (recounted by report_path_rebuild). */
export const PATH_ROLLUPS = ['report_path_day', 'report_path_total_day'] as const;
