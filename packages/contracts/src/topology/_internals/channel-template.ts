const parameter = /\{[^{}]+\}/g;
const compiled = new Map<string, RegExp>();

/**
 * Whether a concrete topic is an address of a channel: equal, or matching its template, where each
 * `{parameter}` stands for one non-empty part without `.` or `/` (`orders.{orderId}.placed` matches
 * `orders.o-1.placed`, not `orders.eu.o-1.placed`).
 */
export function channelMatches(template: string, topic: string): boolean {
  if (!template.includes('{')) return template === topic;
  let pattern = compiled.get(template);
  if (pattern === undefined) {
    const source = template
      .split(parameter)
      .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
      .join('[^./]+');
    pattern = new RegExp(`^${source}$`);
    compiled.set(template, pattern);
  }
  return pattern.test(topic);
}

/** Whether two channel templates have an address in common (each parameter standing for some value). */
export function channelsOverlap(a: string, b: string): boolean {
  const sample = (template: string) => template.replace(parameter, '\u0001');
  if (sample(a) === sample(b)) return true;
  return channelMatches(a, sample(b)) || channelMatches(b, sample(a));
}
