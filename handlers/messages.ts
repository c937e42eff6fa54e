/** The catalogue moved to core/i18n (ja.ts, en.ts; one file per language); this re-export keeps the handlers' imports short. */
export { fill, t, type MessageKey, type MessageParams } from '../core/i18n/t.js';
