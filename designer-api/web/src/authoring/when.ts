/** A moment in the page's language and the browser's time zone: 12月3日 10:42 / Dec 3, 10:42. */
export function formatMoment(at: Date | string, language: string): string {
  return new Intl.DateTimeFormat(language === 'en' ? 'en-US' : 'zh-CN', { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' }).format(new Date(at));
}

/** A time of today: 10:42. */
export function formatTime(at: Date, language: string): string {
  return new Intl.DateTimeFormat(language === 'en' ? 'en-US' : 'zh-CN', { hour: '2-digit', minute: '2-digit' }).format(at);
}
