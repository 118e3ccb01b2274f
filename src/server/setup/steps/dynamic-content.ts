import type { SetupItem } from '../../../shared/api-types.js';
import { LOCALES, matchLocale, type Locale } from '../../../shared/locales.js';
import type { DynamicContentItem, ZendeskLocale } from '../../zendesk/index.js';
import { desiredDynamicContent, type DesiredDynamicContent } from '../desired.js';
import { itemPrint } from '../fingerprints.js';
import {
  countWrite,
  differenceDetail,
  differs,
  matches,
  settle,
  type Fix,
  type SetupRun,
} from '../setup-run.js';

/** Our locales that the account has enabled, with Zendesk's locale id for each. */
function localeIds(locales: ZendeskLocale[]): Map<Locale, number> {
  const ids = new Map<Locale, number>();
  const preferred: Partial<Record<Locale, string>> = { en: 'en-us', pt: 'pt-br' };
  for (const locale of LOCALES) {
    const candidates = locales.filter((z) => matchLocale(z.locale) === locale);
    const pick =
      candidates.find((z) => z.locale.toLowerCase() === locale) ??
      candidates.find((z) => z.locale.toLowerCase() === preferred[locale]) ??
      candidates[0];
    if (pick) ids.set(locale, pick.id);
  }
  return ids;
}

/** The dynamic content the email and question texts use, one variant per enabled locale. */
export async function setUpDynamicContent(r: SetupRun): Promise<void> {
  const ids = localeIds(r.snapshot.locales);
  const defaultLocale: Locale = ids.has('en') ? 'en' : ([...ids.keys()][0] ?? 'en');
  const defaultId = ids.get(defaultLocale);
  for (const want of desiredDynamicContent(r.settings, r.catalogs)) {
    const base = { kind: 'dynamic_content' as const, key: `dc.${want.name}`, title: want.title };
    if (defaultId === undefined) {
      r.items.push({
        ...base,
        state: 'missing',
        zendeskId: null,
        detail: `None of ${LOCALES.join(', ')} is enabled in this Zendesk account: enable at least English.`,
      });
      continue;
    }
    const existing = r.snapshot.items.find((i) => i.name === want.name);
    if (!existing) {
      await settle(r, { ...base, state: 'missing', zendeskId: null, detail: null }, [
        {
          action: 'create',
          repairOnly: false,
          apply: () => createItem(r, want, ids, defaultLocale, defaultId),
        },
      ]);
      continue;
    }
    await inspectItem(r, want, existing, ids, base);
  }
}

async function createItem(
  r: SetupRun,
  want: DesiredDynamicContent,
  ids: Map<Locale, number>,
  defaultLocale: Locale,
  defaultId: number,
): Promise<void> {
  const variants = [...ids].map(([locale, id]) => ({
    locale_id: id,
    content: want.content[locale],
    active: true,
    default: locale === defaultLocale,
  }));
  await countWrite(
    r,
    r.deps.zendesk.createDynamicContentItem({
      name: want.name,
      default_locale_id: defaultId,
      variants,
    }),
  );
}

async function inspectItem(
  r: SetupRun,
  want: DesiredDynamicContent,
  existing: DynamicContentItem,
  ids: Map<Locale, number>,
  base: Pick<SetupItem, 'kind' | 'key' | 'title'>,
): Promise<void> {
  const missing: Array<[Locale, number]> = [];
  const edited: Array<[Locale, number]> = [];
  for (const [locale, id] of ids) {
    const variant = existing.variants.find((v) => v.locale_id === id);
    if (!variant) missing.push([locale, id]);
    else if (variant.content !== want.content[locale] || !variant.active) {
      edited.push([locale, variant.id]);
    }
  }
  const print = itemPrint(existing, [...ids.values()]);
  const changed = edited.length ? differs(r, base.key, print) : null;
  if (!missing.length && !edited.length) matches(r, base.key, print);
  const detail = [
    ...(missing.length ? [`no text for ${missing.map(([l]) => l).join(', ')}`] : []),
    ...(edited.length
      ? [
          differenceDetail(changed ?? 'drifted', [
            `the text for ${edited.map(([l]) => l).join(', ')} differs`,
          ]),
        ]
      : []),
  ];
  const fixes: Fix[] = [];
  // A language the account enabled after the last setup: adding it undoes nobody's edit.
  if (missing.length) {
    fixes.push({
      action: 'update',
      repairOnly: false,
      apply: async () => {
        for (const [locale, id] of missing) {
          await countWrite(
            r,
            r.deps.zendesk.createDynamicContentVariant(existing.id, {
              locale_id: id,
              content: want.content[locale],
              active: true,
            }),
          );
        }
      },
    });
  }
  if (edited.length) {
    fixes.push({
      action: 'update',
      repairOnly: changed === 'drifted',
      apply: async () => {
        for (const [locale, variantId] of edited) {
          await countWrite(
            r,
            r.deps.zendesk.updateDynamicContentVariant(existing.id, variantId, {
              content: want.content[locale],
              active: true,
            }),
          );
        }
      },
    });
  }
  await settle(
    r,
    {
      ...base,
      state: changed ?? (missing.length ? 'missing' : 'ok'),
      zendeskId: existing.id,
      detail: detail.length ? detail.join(' ') : null,
    },
    fixes,
  );
}
