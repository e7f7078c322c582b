import { createRequire } from 'node:module';
import { afterEach, expect, test, vi } from 'vitest';
import { DEFAULT_RYUK_IMAGE, ryukEnabled, ryukImage } from '../../src/docker/ryuk-reaper.js';

// Testcontainers does not export how it names Ryuk's image; its module does, and a Testcontainers upgrade
// that moves Ryuk to another tag must fail here, not leave our messages naming the old one.
const require = createRequire(import.meta.url);
const reaper = require('testcontainers/build/reaper/reaper.js') as { getReaperImage: () => string };

afterEach(() => {
  vi.unstubAllEnvs();
});

test('the Ryuk image named in errors is the one Testcontainers starts, with and without RYUK_CONTAINER_IMAGE', () => {
  vi.stubEnv('RYUK_CONTAINER_IMAGE', '');
  vi.stubEnv('TESTCONTAINERS_HUB_IMAGE_NAME_PREFIX', '');
  expect(ryukImage()).toBe(reaper.getReaperImage());
  expect(ryukImage()).toBe(DEFAULT_RYUK_IMAGE);
  vi.stubEnv('TESTCONTAINERS_HUB_IMAGE_NAME_PREFIX', 'mirror.example:5000/');
  expect(ryukImage()).toBe(reaper.getReaperImage());
  expect(ryukImage()).toBe('mirror.example:5000/testcontainers/ryuk:0.14.0');
  vi.stubEnv('RYUK_CONTAINER_IMAGE', 'registry.example/ryuk:9');
  expect(ryukImage()).toBe(reaper.getReaperImage());
});

test('Ryuk is off only for TESTCONTAINERS_RYUK_DISABLED=true, as in Testcontainers', () => {
  expect(
    ['true', 'false', '1', 'TRUE', '', undefined].map((value) =>
      ryukEnabled({ TESTCONTAINERS_RYUK_DISABLED: value }),
    ),
  ).toEqual([false, true, true, true, true, true]);
});
