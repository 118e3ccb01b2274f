/**
 * Zendesk's {{ticket.via}} placeholder renders a channel's display name ("Mail", "Web Form"),
 * while the app reads `ticket.via.channel` ("email", "web"). Surveys store the latter, so reports
 * and exclusion rules see one name per channel whichever path the survey came by.
 */
const DISPLAY_TO_CHANNEL: Record<string, string> = {
  mail: 'email',
  email: 'email',
  'web form': 'web',
  'web service': 'api',
  'web service (api)': 'api',
  api: 'api',
  chat: 'chat',
  'phone call (incoming)': 'voice',
  'phone call (outgoing)': 'voice',
  voicemail: 'voice',
  phone: 'voice',
  text: 'sms',
  'web widget': 'web_widget',
  'mobile sdk': 'mobile_sdk',
  messaging: 'native_messaging',
  'side conversation': 'side_conversation',
};

/** The channel id for a via name from a trigger or the app; unknown names become snake_case. */
export function normalizeChannel(raw: string | null): string | null {
  if (raw === null) return null;
  const key = raw.trim().toLowerCase();
  if (key === '') return null;
  return DISPLAY_TO_CHANNEL[key] ?? key.replace(/[^a-z0-9]+/g, '_').replace(/^_|_$/g, '');
}
