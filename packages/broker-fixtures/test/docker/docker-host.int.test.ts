import { expect, test } from 'vitest';
import { describeWithDocker } from '../support/docker-describe.js';
import { built, distIndex, runScript } from '../support/run-script.js';

// A DOCKER_HOST that does not answer is said, not swapped silently for /var/run/docker.sock (needs an engine
// there for Testcontainers to fall back to).
describeWithDocker('DOCKER_HOST', () => {
  test.skipIf(!built)(
    'DOCKER_HOST pointing at no engine fails with what happened',
    async () => {
      const { done } = runScript(
        `import { connectDocker } from ${JSON.stringify(distIndex)};
     try { await connectDocker(); console.log('connected'); } catch (error) { console.log(error.code + ': ' + error.message); }`,
        { DOCKER_HOST: 'unix:///nonexistent.sock' },
      );
      const { stdout } = await done;
      expect(
        stdout
          .trim()
          .replace(/engine at \S+/g, 'engine at <default>')
          .replace(/use \S+\.$/, 'use <default>.'),
      ).toMatchInlineSnapshot(
        `"EVENTSPEC_BROKER_DOCKER_UNAVAILABLE: DOCKER_HOST=unix:///nonexistent.sock does not answer (no socket at /nonexistent.sock); Testcontainers fell back to the engine at <default> and eventspec does not run containers on an engine you did not name. Fix DOCKER_HOST (\`docker context inspect\` shows your engine's address), or unset it to use <default>."`,
      );
    },
    30_000,
  );
});
