// A database wiped by an ORM's or framework's reset where its settings point away from this machine, a hosted
// project's database (Supabase linked, Firestore, Realtime Database), and a deployment platform's project removed.
// Written after database-drop and cloud-compute-destroy took them, with other runners, options and targets than the
// probes; and the local resets every test suite does, quiet.
import { describe, expect, it } from 'vitest';
import { rulesOfCommand } from './replay.js';

describe('data of a hosted or remote database wiped', () => {
  it.each([
    'DATABASE_URL=mysql://admin@db.staging.example.com/shop pnpm exec prisma migrate reset --force --skip-seed',
    'php artisan db:wipe --database=production --force',
    'python3 manage.py reset_db --router=default --noinput --settings=config.settings.prod',
    'supabase db reset --db-url postgresql://postgres@db.abcd.supabase.co:5432/postgres',
    'firebase --project shop-live firestore:delete /orders --recursive --force',
  ])('%s', (command) => {
    expect(rulesOfCommand(command)).toContain('database-drop');
  });

  it.each([
    'npx prisma migrate reset --force',
    'pnpm prisma db push --force-reset --skip-generate',
    'php artisan migrate:fresh --seed',
    'python manage.py flush --noinput',
    'supabase db reset --local',
    'firebase emulators:exec "npm test"',
  ])('quiet, a local database: %s', (command) => {
    expect(rulesOfCommand(command)).not.toContain('database-drop');
  });
});

describe("a deployment platform's project removed", () => {
  it.each([
    'yarn dlx vercel --token $VERCEL_TOKEN remove shop-web --yes',
    'vercel --scope acme rm shop-web --safe=false -y',
    'netlify sites:delete --force 7c1d9a',
  ])('%s', (command) => {
    expect(rulesOfCommand(command)).toContain('cloud-compute-destroy');
  });

  it.each([
    'vercel domains rm shop.example.com --yes',
    'vercel env rm STRIPE_KEY preview -y',
    'netlify sites:list',
  ])('quiet: %s', (command) => {
    expect(rulesOfCommand(command)).not.toContain('cloud-compute-destroy');
  });
});
