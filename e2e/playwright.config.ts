import { existsSync } from 'node:fs';
import { defineConfig } from '@playwright/test';

/** CI and this machine have a system Chromium; `npx playwright install` needs the internet. */
const SYSTEM_CHROMIUM = '/usr/bin/chromium';

export default defineConfig({
  testDir: '.',
  testMatch: /.*\.spec\.ts/,
  outputDir: '../test-results/e2e',
  globalSetup: './global-setup.ts',
  fullyParallel: false,
  // Two, not more: a worker's Chromium (software WebGL) and its nodes keep about a core busy, so
  // 3 workers measured 306 s against 2 workers' 338 s but failed timing-bound onboarding steps,
  // and 4 workers were no faster (347 s) with three failures.
  workers: 2,
  // Generous: WebGL in headless Chromium is software-rendered (SwiftShader) and slows a lot
  // on a shared 2-core machine; the tests wait on conditions, so a quiet run stays fast.
  timeout: 90_000,
  expect: { timeout: 20_000 },
  reporter: process.env.CI ? [['list'], ['html', { open: 'never', outputFolder: '../test-results/e2e-report' }]] : 'list',
  use: {
    browserName: 'chromium',
    viewport: { width: 1024, height: 700 },
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: {
      ...(existsSync(SYSTEM_CHROMIUM) ? { executablePath: SYSTEM_CHROMIUM } : {}),
      // No --disable-software-rasterizer: with it Chromium has no WebGL and Phaser silently
      // falls back to Canvas (renderer.spec.ts pins WebGL via SwiftShader).
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        // The suite is CPU-bound (one worker already keeps ~1.8 of CI's 2 cores busy). Software
        // compositing and a software 2D canvas spare the SwiftShader GL round trips for the page
        // layers and Phaser's text canvases; WebGL itself stays on (renderer.spec.ts). Measured on
        // play + renderer + onboarding, one worker: 110 -> 92 CPU-seconds, 60 -> 51 s wall.
        '--disable-gpu-compositing',
        '--disable-accelerated-2d-canvas',
      ],
    },
  },
});
