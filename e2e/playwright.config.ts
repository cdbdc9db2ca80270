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
      ],
    },
  },
});
