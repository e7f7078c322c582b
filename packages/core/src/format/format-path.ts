import type { PathSegment } from '../matching/difference.js';
import { formatInline } from './format-value.js';

/** Renders a path as a user would write it: `data.items[2].sku`, `totals.get("EUR")`. */
export function formatPath(path: readonly PathSegment[], root = ''): string {
  let text = root;
  for (const segment of path) {
    if (typeof segment === 'number') text += `[${segment}]`;
    else if (typeof segment === 'symbol') text += `[${segment.toString()}]`;
    else if (typeof segment === 'string') {
      text += /^[A-Za-z_$][\w$]*$/.test(segment)
        ? `${text ? '.' : ''}${segment}`
        : `[${JSON.stringify(segment)}]`;
    } else if ('mapKey' in segment) text += `.get(${formatInline(segment.mapKey, 40)})`;
    else text += `{${formatInline(segment.setMember, 40)}}`;
  }
  return text || '(the value itself)';
}
