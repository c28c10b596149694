/** Text made safe for an HTML mail part (element text and attribute values). */
export const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)
