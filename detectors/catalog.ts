// Sensitive locations on a developer machine, as data. `~` is the user's home; `**/` matches any
// directory (a workspace's `.env` as much as one in home). Rules read these through paths.ts.
// The YAML rule pack (rules/builtin/*.yaml) mirrors PERSISTENCE_FILES as `list` items;
// test/unit/rules-engine/load-packs.test.ts fails when the two drift apart. Agents' files come from the
// agent catalog (core/agents) and reach the rule packs as predefined lists (catalogRuleLists). SECRET_FILES
// stays here only: facts.ts classifies secret reads with it (rule field `secret.class`).
import type { Severity } from '../core/event.js';
import { derived } from '../core/agents/catalog.js';
import { agentHookFileClasses, mcpConfigFilePatterns } from '../core/agents/tables.js';
import { sessionStampVariables } from '../core/agents/stamp.js';
import { HOME_GLOBS } from './paths.js';

export interface PathClass {
  /** Stable id used in alert keys and reasons. */
  id: string;
  /** What it is, in words for the reason sentence. */
  label: string;
  patterns: string[];
  /** Paths that match a pattern but are not what the class means (templates, public keys). */
  except?: string[];
  severity: Severity;
  /** The ATT&CK technique of writing there (persistence classes). */
  technique?: string;
  /**
   * Directories that hold one of these files among much else (a cache of models): copied or archived whole they
   * are that, not the secret (secret-paths.ts secretDirsAmong). The file itself still is one.
   */
  notWholeDirs?: string[];
}

/** PEM files named as certificates (public, shipped in repositories and handed to TLS clients). */
const CERTIFICATE_NAMES = ['**/ca.pem', '**/*[-_.]ca.pem', '**/ca[-_]*.pem', '**/cacert*.pem', '**/*cert*.pem', '**/*chain*.pem', '**/*bundle*.pem', '**/root*.pem', '**/*.crt.pem', '**/*-pub.pem', '**/*public*.pem'];

// A process's environment: where CI and cloud tokens sit. `env | curl -d @- …` sends the agent's own (facts.ts).
const PROCESS_ENVIRONMENT: PathClass = { id: 'process-environment', label: 'the environment variables of a process (tokens and keys are often there)', patterns: ['/proc/self/environ', '/proc/thread-self/environ', '/proc/*/environ'], severity: 'medium' };
/** The file that stands for the environment a command prints (`env`, `printenv`): the agent's own. */
export const ENVIRONMENT_FILE = PROCESS_ENVIRONMENT.patterns[0]!;

// Browsers' saved passwords, cookies and the key that decrypts them (Chromium's `Local State`), on Linux and macOS.
// browser-credential-read raises these (the rule pack gets them as the list browser-secret-files); being a class
// here makes a copy of one, or a later upload, the taint secret reads are (facts.ts).
const CHROMIUM_PROFILES = ['~/.config/google-chrome', '~/.config/chromium', '~/.config/BraveSoftware/Brave-Browser', '~/.config/microsoft-edge', '~/.config/vivaldi', '~/.config/opera', '~/snap/chromium/common/chromium',
  '~/Library/Application Support/Google/Chrome', '~/Library/Application Support/Chromium', '~/Library/Application Support/BraveSoftware/Brave-Browser', '~/Library/Application Support/Microsoft Edge', '~/Library/Application Support/Arc/User Data', '~/Library/Application Support/Vivaldi',
  // Windows' (seen from WSL or Git Bash through the Windows home; paths.ts).
  '~/AppData/Local/Google/Chrome/User Data', '~/AppData/Local/Microsoft/Edge/User Data', '~/AppData/Local/BraveSoftware/Brave-Browser/User Data',
  '~/AppData/Local/Chromium/User Data', '~/AppData/Local/Vivaldi/User Data', '~/AppData/Roaming/Opera Software/Opera Stable'];
const FIREFOX_PROFILES = ['~/.mozilla/firefox', '~/snap/firefox/common/.mozilla/firefox', '~/Library/Application Support/Firefox/Profiles', '~/AppData/Roaming/Mozilla/Firefox/Profiles'];
export const BROWSER_STORES: PathClass = {
  id: 'browser-store', label: "a browser's saved passwords or cookies", severity: 'critical',
  patterns: [
    // One pattern a profile directory, its files in braces: every pattern is tried on every path an event names.
    ...CHROMIUM_PROFILES.map((d) => `${d}/**/{Login Data,Cookies,Web Data,Local State}`),
    ...FIREFOX_PROFILES.map((d) => `${d}/**/{logins.json,key4.db,key3.db,cookies.sqlite,signons.sqlite}`),
    '~/Library/Cookies/*.binarycookies', '~/Library/Containers/com.apple.Safari/Data/Library/Cookies/**',
  ],
};

// Browser wallet extensions' vaults (MetaMask, Phantom, Coinbase Wallet, Trust, Rabby, Keplr, Ronin, Exodus Web3, OKX,
// Binance, TronLink, Solflare, Argent X, Backpack), by their Chrome Web Store ids: what wallet stealers copy.
const WALLET_EXTENSIONS = ['nkbihfbeogaeaoehlefnkodbefgpgknn', 'bfnaelmomeimhlpmgjnjophhpkkoljpa', 'hnfanknocfeofbddgcijnmhnfnkdnaad', 'egjidjbpglichdcondbcbdnbeeppgdph',
  'acmacodkjbdgmoleebolmdjonilkdbch', 'dmkamcknogkgcdfhhbddcghachkejeap', 'fnjhmkhhmkbjkkabndcnnogagogbneec', 'aholpfdialjgjfhomihkjbmgjidlcdno', 'mcohilncbfahbmgdjkbpemcciiolgcge',
  'fhbohimaelbohpjbbldcngcnapndodjp', 'ibnejdfjmmkpcnlpebklmnkoeoihofec', 'bhhhlbepdkbapadjdnnojkbgioiodbic', 'dlcobpjiigpikoobohmabehhmhfoodbb', 'aflkmfhebedbjioipglgcbcmnbpgliof'];
// Desktop wallets' files and the keys of chains' CLIs and dev tools (geth's `UTC--…` key files, Solana's keypairs,
// Foundry's and Brownie's keystores): whoever holds one spends from it, with no second factor.
const CRYPTO_WALLETS: PathClass = {
  id: 'crypto-wallet', label: 'a cryptocurrency wallet or signing key', severity: 'high',
  patterns: [
    '**/wallet.dat', '~/.bitcoin/wallets/**', '~/Library/Application Support/Bitcoin/wallets/**',
    '~/.ethereum/keystore/**', '~/Library/Ethereum/keystore/**', '**/keystore/UTC--*',
    '~/.electrum/wallets/**', '~/.electrum-ltc/wallets/**', '~/Library/Application Support/Electrum/wallets/**',
    '~/.config/Exodus/exodus.wallet/**', '~/Library/Application Support/Exodus/exodus.wallet/**',
    '~/.config/atomic/Local Storage/**', '~/Library/Application Support/atomic/Local Storage/**', '~/Monero/wallets/**',
    '~/.config/solana/*.json', '~/.sui/sui_config/sui.keystore', '~/.aptos/config.yaml', '**/.aptos/config.yaml',
    '~/.foundry/keystores/**', '~/.brownie/accounts/**', '~/.near-credentials/**',
    // Under any Chromium browser's profile (Opera's, Yandex's too), by where browsers keep them: as one pattern per
    // browser (13, each with the ids twice) the class's compiled regex took 480 KB of heap per home, as these 6 take 160.
    ...['~/.config', '~/Library/Application Support', '~/snap'].flatMap((d) => [`${d}/**/Local Extension Settings/{${WALLET_EXTENSIONS.join(',')}}/**`,
      `${d}/**/IndexedDB/chrome-extension_{${WALLET_EXTENSIONS.join(',')}}_*/**`]),
  ],
};

// Chat and desktop apps' logged-in sessions (Slack's `d` cookie and token, Discord's token in its local storage,
// Telegram's tdata, Signal's database key, any Electron app's cookie jar): whoever copies one is logged in as the user.
const APP_SESSIONS: PathClass = {
  id: 'app-session', label: "a chat or desktop app's logged-in session", severity: 'high',
  patterns: [
    ...['~/.config/*', '~/Library/Application Support/*', '~/.var/app/*/config/*'].flatMap((d) => [`${d}/Cookies`, `${d}/Network/Cookies`]),
    ...['Slack', 'discord', 'discordcanary', 'discordptb', 'Microsoft/Microsoft Teams', 'Element', 'Mattermost'].flatMap((a) => [`~/.config/${a}/Local Storage/**`, `~/Library/Application Support/${a}/Local Storage/**`]),
    '~/Library/Containers/com.tinyspeck.slackmacgap/**/Cookies', '~/Library/Containers/com.tinyspeck.slackmacgap/**/Local Storage/**',
    '~/.local/share/TelegramDesktop/tdata/**', '~/snap/telegram-desktop/*/.local/share/TelegramDesktop/tdata/**', '~/Library/Application Support/Telegram Desktop/tdata/**',
    '~/.config/Signal/config.json', '~/.config/Signal/sql/**', '~/Library/Application Support/Signal/config.json', '~/Library/Application Support/Signal/sql/**',
  ],
};

export const SECRET_FILES: PathClass[] = [
  { id: 'aws', label: 'AWS credentials', patterns: ['~/.aws/credentials', '~/.aws/sso/cache/**', '~/.aws/cli/cache/**'], severity: 'high' },
  // Profiles, regions, SSO start URLs and role ARNs, which agents read to pick a profile; keys only sometimes (the CLI
  // keeps them in credentials), so rated as a project's .env is: a read is worth a look, a read then a send more.
  { id: 'aws-config', label: 'the AWS CLI settings (profiles, regions, roles; keys only sometimes)', patterns: ['~/.aws/config'], severity: 'low' },
  { id: 'ssh-key', label: 'an SSH private key', patterns: ['~/.ssh/id_*', '~/.ssh/*_key', '/etc/ssh/ssh_host_*_key', '~/.ssh/*.pem', '**/id_rsa', '**/id_ed25519', '**/id_ecdsa'], except: ['**/*.pub', ...CERTIFICATE_NAMES], severity: 'high' },
  // A .pem is a private key unless its name says certificate: `ca.pem`, `cert.pem`, `fullchain.pem` are public.
  { id: 'pem-key', label: 'a private key (.pem, .key)', patterns: ['**/*.pem', '**/*.key'], except: [...CERTIFICATE_NAMES, '**/*public*.key', '**/*[-_.]pub.key'], severity: 'high' },
  { id: 'kube', label: 'a Kubernetes config', patterns: ['~/.kube/config', '~/.kube/*.yaml', '~/.kube/*.yml'], severity: 'high' },
  // Inside a pod (an agent in a dev container or a CI job): the token the pod talks to the cluster with.
  // Docker and Compose mount each secret as a file here (`secrets:`); Kubernetes' service account is the class below.
  { id: 'container-secret', label: 'a secret mounted into a container', patterns: ['/run/secrets/*', '/var/run/secrets/*'], severity: 'high' },
  { id: 'kube-sa-token', label: "a Kubernetes service account's token", patterns: ['/var/run/secrets/kubernetes.io/serviceaccount/token', '/run/secrets/kubernetes.io/serviceaccount/token', '/var/run/secrets/eks.amazonaws.com/serviceaccount/token', '/var/run/secrets/tokens/*'], severity: 'high' },
  { id: 'npmrc', label: 'npm registry tokens (.npmrc)', patterns: ['~/.npmrc'], severity: 'high' },
  // A project's own: registries and settings, a token mostly as `${NPM_TOKEN}`; read as its .env is (low).
  { id: 'project-npmrc', label: "a project's npm settings (.npmrc: its registries, at times a token)", patterns: ['**/.npmrc'], except: ['~/.npmrc', ...HOME_GLOBS.map((h) => `${h}/.npmrc`)], severity: 'low' },
  { id: 'netrc', label: 'saved logins (.netrc)', patterns: ['~/.netrc', '**/.netrc', '~/_netrc'], severity: 'high' },
  { id: 'git-credentials', label: 'stored git credentials', patterns: ['~/.git-credentials', '**/.git-credentials', '~/.config/git/credentials', '~/.config/gh/hosts.yml', '~/AppData/Roaming/GitHub CLI/hosts.yml'], severity: 'high' },
  { id: 'docker', label: 'Docker registry credentials', patterns: ['~/.docker/config.json'], severity: 'high' },
  { id: 'pypirc', label: 'PyPI tokens (.pypirc)', patterns: ['~/.pypirc'], severity: 'high' },
  // Package registries' and build tools' publish tokens; `.yarnrc.yml` and Maven's and Gradle's settings hold them beside other settings.
  { id: 'package-tokens', label: 'a package registry or build tool token', patterns: ['~/.cargo/credentials', '~/.cargo/credentials.toml', '~/.gem/credentials', '~/.yarnrc.yml', '~/.m2/settings.xml', '~/.m2/settings-security.xml', '~/.gradle/gradle.properties', '~/.nuget/NuGet/NuGet.Config', '~/.composer/auth.json', '~/.config/composer/auth.json', '~/.config/hub', '~/.terraform.d/credentials.tfrc.json', '~/AppData/Roaming/terraform.d/credentials.tfrc.json', '~/AppData/Roaming/terraform.rc', '~/.local/share/pypoetry/auth.toml', '~/.config/pypoetry/auth.toml'], severity: 'high' },
  { id: 'gcloud', label: 'Google Cloud credentials', patterns: ['~/.config/gcloud/credentials.db', '~/.config/gcloud/access_tokens.db', '~/.config/gcloud/application_default_credentials.json', '~/.config/gcloud/legacy_credentials/**',
    '~/AppData/Roaming/gcloud/credentials.db', '~/AppData/Roaming/gcloud/access_tokens.db', '~/AppData/Roaming/gcloud/application_default_credentials.json', '~/AppData/Roaming/gcloud/legacy_credentials/**'], severity: 'high' },
  // The agents' own logins: whoever holds them runs the model (and bills the user) as that user.
  { id: 'agent-credentials', label: "an AI agent's login token", patterns: ['~/.claude/.credentials.json', '~/.codex/auth.json', '~/.gemini/oauth_creds.json', '~/.qwen/oauth_creds.json', '~/.local/share/opencode/auth.json', '~/.config/github-copilot/hosts.json', '~/.config/github-copilot/apps.json',
    // Gemini CLI's MCP servers' OAuth tokens; Cursor's login (`cursorAuth/accessToken` in its global state database).
    '~/.gemini/mcp-oauth-tokens.json', '~/.config/Cursor/User/globalStorage/state.vscdb', '~/Library/Application Support/Cursor/User/globalStorage/state.vscdb', '~/AppData/Roaming/Cursor/User/globalStorage/state.vscdb'], severity: 'high' },
  { id: 'vault', label: 'a HashiCorp Vault token', patterns: ['~/.vault-token'], severity: 'high' },
  { id: 'keychain', label: 'a macOS keychain', patterns: ['~/Library/Keychains/**'], severity: 'high' },
  // Encrypted, like a keychain, but an offline copy is a copy to crack; and `gpg -d` of an entry is the password.
  // A KeePass library's own test databases are fixtures, not anyone's passwords.
  { id: 'password-store', label: "a password manager's store", patterns: ['~/.password-store/**', '**/*.kdbx'],
    except: ['~/.password-store/.gpg-id', '**/.password-store/.gpg-id', '**/test/**', '**/tests/**', '**/fixtures/**', '**/testdata/**', '**/__tests__/**'], severity: 'high' },
  // Typed passwords and tokens (`mysql -p…`, `export TOKEN=…`) end up in history files (T1552.003).
  { id: 'shell-history', label: 'a shell or REPL history', patterns: ['~/.bash_history', '~/.zsh_history', '~/.zhistory', '~/.local/share/fish/fish_history', '~/.python_history', '~/.node_repl_history', '~/.psql_history', '~/.mysql_history', '~/.sqlite_history', '~/.rediscli_history'], severity: 'low' },
  // AI agents' session transcripts and prompt histories: plain text holding what the tools printed (secrets read,
  // environments dumped, tokens pasted into prompts). Another session's, read, is a history file read (T1552.003).
  { id: 'agent-transcripts', label: "an AI agent's session transcripts or prompt history", patterns: ['~/.claude/projects/**/*.jsonl', '~/.claude/history.jsonl',
    '~/.codex/sessions/**/*.jsonl', '~/.codex/history.jsonl', '~/.gemini/tmp/*/chats/*', '~/.qwen/tmp/*/chats/*', '~/.copilot/session-state/*/*.jsonl', '~/.cursor/projects/*/agent-transcripts/*'], severity: 'low' },
  { id: 'gnupg', label: 'GnuPG private keys', patterns: ['~/.gnupg/private-keys-v1.d/**', '~/.gnupg/secring.gpg'], severity: 'high' },
  // Database clients' saved passwords, read by psql/mysql themselves and by nothing an agent needs to run.
  { id: 'database', label: 'saved database passwords', patterns: ['~/.pgpass', '~/.my.cnf', '~/.mylogin.cnf', '~/AppData/Roaming/postgresql/pgpass.conf', '~/AppData/Roaming/MySQL/.mylogin.cnf'], severity: 'high' },
  // Other cloud and storage CLIs' keys (AWS's, Google's and Azure's have their own classes).
  { id: 'cloud-keys', label: 'cloud storage or provider keys', patterns: ['~/.s3cfg', '~/.boto', '~/.passwd-s3fs', '~/.config/rclone/rclone.conf', '~/AppData/Roaming/rclone/rclone.conf', '~/.oci/config', '~/.oci/*.pem', '~/.config/doctl/config.yaml', '~/.config/hcloud/cli.toml', '~/.aliyun/config.json'], severity: 'high' },
  // Deploy, hosting, CI and tunnel platforms' CLI logins: whoever holds one deploys (or deletes) the user's sites and
  // databases, runs the user's pipelines, or serves a tunnel under the user's domain (cloudflared's certificate and
  // tunnel secrets, ngrok's token).
  { id: 'deploy-tokens', label: 'a deploy platform login token', patterns: ['~/.config/configstore/firebase-tools.json', '~/.circleci/cli.yml', '~/.cloudflared/cert.pem', '~/.cloudflared/*.json', '~/.config/ngrok/ngrok.yml', '~/.ngrok2/ngrok.yml', '~/Library/Application Support/ngrok/ngrok.yml', '~/.fly/config.yml', '~/.supabase/access-token', '~/.wrangler/config/*.toml', '~/.config/.wrangler/config/*.toml', '~/.sentryclirc', '~/.config/stripe/config.toml', '~/.netlify/config.json', '~/.config/netlify/config.json', '~/.vercel/auth.json', '~/.local/share/com.vercel.cli/auth.json', '~/Library/Application Support/com.vercel.cli/auth.json', '~/.railway/config.json', '~/.terraformrc', '~/.config/heroku/**', '~/.pulumi/credentials.json'], severity: 'high' },
  // Data and ML platforms' API tokens: the Hugging Face token publishes models under the user's name, Databricks',
  // Snowflake's and Kaggle's read their data, dbt's profiles hold the warehouses' passwords.
  { id: 'data-platform-tokens', label: 'a data or ML platform token', patterns: ['~/.dbt/profiles.yml', '~/.cache/huggingface/token', '~/.huggingface/token', '~/.cache/huggingface/stored_tokens', '~/.databrickscfg', '~/.snowflake/connections.toml', '~/.snowflake/config.toml', '~/.snowsql/config', '~/.kaggle/kaggle.json', '~/.config/kaggle/kaggle.json'], severity: 'high',
    notWholeDirs: ['~/.cache/huggingface'] },
  { id: 'tls-key', label: 'a TLS private key', patterns: ['/etc/ssl/private/**', '/etc/pki/tls/private/**'], severity: 'high' },
  { id: 'azure', label: 'Azure credentials', patterns: ['~/.azure/accessTokens.json', '~/.azure/msal_token_cache.*', '~/.azure/azureProfile.json'], severity: 'high' },
  PROCESS_ENVIRONMENT,
  BROWSER_STORES,
  CRYPTO_WALLETS,
  APP_SESSIONS,
  { id: 'dotenv', label: 'a .env file', patterns: ['**/.env', '**/.env.*'], except: ['**/.env.example', '**/.env.sample', '**/.env.template', '**/.env.dist', '**/.env.defaults'], severity: 'low' },
];

export const PERSISTENCE_FILES: PathClass[] = [
  { id: 'shell-rc', label: 'a shell startup file', patterns: ['~/.bashrc', '~/.bash_aliases', '~/.bash_profile', '~/.bash_login', '~/.bash_logout', '~/.profile', '~/.zshrc', '~/.zprofile', '~/.zshenv', '~/.zlogin', '~/.config/fish/config.fish', '~/.config/fish/conf.d/**', '/etc/profile', '/etc/profile.d/**', '/etc/bash.bashrc', '/etc/zsh/**', '/root/.bashrc', '/root/.bash_aliases', '/root/.bash_profile', '/root/.bash_login', '/root/.profile', '/root/.zshrc', '/root/.zprofile', '/root/.zshenv', '/home/*/.bashrc', '/home/*/.bash_aliases', '/home/*/.bash_profile', '/home/*/.bash_login', '/home/*/.profile', '/home/*/.zshrc', '/home/*/.zprofile', '/home/*/.zshenv',
    // PowerShell's profiles, which every pwsh session runs (T1546.013).
    '~/.config/powershell/*profile.ps1', '/opt/microsoft/powershell/*/*profile.ps1', '/usr/local/microsoft/powershell/*/*profile.ps1', '~/Documents/PowerShell/*profile.ps1', '~/Documents/WindowsPowerShell/*profile.ps1',
    '/mnt/*/Users/*/Documents/PowerShell/*profile.ps1', '/mnt/*/Users/*/Documents/WindowsPowerShell/*profile.ps1',
    '/mnt/*/Users/*/OneDrive*/Documents/PowerShell/*profile.ps1', '/mnt/*/Users/*/OneDrive*/Documents/WindowsPowerShell/*profile.ps1',
    '~/OneDrive*/Documents/PowerShell/*profile.ps1', '~/OneDrive*/Documents/WindowsPowerShell/*profile.ps1'], severity: 'high', technique: 'T1546.004' },
  { id: 'authorized-keys', label: 'SSH authorized_keys', patterns: ['~/.ssh/authorized_keys', '~/.ssh/authorized_keys2', '/root/.ssh/authorized_keys', '/etc/ssh/sshd_config', '/home/*/.ssh/authorized_keys', '/home/*/.ssh/authorized_keys2', '/root/.ssh/authorized_keys2',
    '/mnt/*/Users/*/.ssh/authorized_keys', '/mnt/*/ProgramData/ssh/administrators_authorized_keys'], severity: 'critical', technique: 'T1098.004' },
  // A repository's hooks, its submodules', and the templates `git init`/`git clone` copy into every new repository.
  { id: 'git-hook', label: 'a git hook', patterns: ['**/.git/hooks/*', '**/.git/modules/**/hooks/*', '~/.git-templates/hooks/*', '~/.git-template/hooks/*', '~/.git_template/hooks/*',
    '~/.config/git/template/hooks/*', '~/.config/git/templates/hooks/*', '/usr/share/git-core/templates/hooks/*'], except: ['**/hooks/*.sample'], severity: 'high', technique: 'T1546' },
  { id: 'systemd-unit', label: 'a systemd unit', patterns: ['~/.config/systemd/user/**', '/etc/systemd/system/**', '/lib/systemd/system/**', '/usr/lib/systemd/system/**'], severity: 'high', technique: 'T1543.002' },
  { id: 'cron', label: 'a cron table', patterns: ['/etc/crontab', '/etc/cron.*/**', '/var/spool/cron/**', '/etc/periodic/**'], severity: 'high', technique: 'T1053.003' },
  { id: 'autostart', label: 'a login autostart entry', patterns: ['~/.config/autostart/**', '~/Library/LaunchAgents/**', '/Library/LaunchAgents/**', '/Library/LaunchDaemons/**'], severity: 'high', technique: 'T1547.013' },
  // Scripts a login, an SSH login, an X session or the boot runs, and the environment a login session gets.
  { id: 'login-script', label: 'a login or boot script', patterns: ['~/.ssh/rc', '/etc/ssh/sshrc', '/etc/rc.local', '/etc/rc.d/rc.local', '~/.xprofile', '~/.xinitrc', '~/.xsession', '~/.xsessionrc', '~/.config/environment.d/**', '~/.pam_environment',
    '~/.config/plasma-workspace/env/**', '~/.config/plasma-workspace/shutdown/**'], severity: 'high', technique: 'T1037' },
  { id: 'udev-rule', label: 'a udev rule', patterns: ['/etc/udev/rules.d/**', '/lib/udev/rules.d/**', '/usr/lib/udev/rules.d/**'], severity: 'high', technique: 'T1546.017' },
];

/** Files that configure agents' hooks (the agent catalog's `ruleFiles.hooks`): editing these can switch agentwatch off. */
export const agentHookFiles = derived((c): PathClass[] => agentHookFileClasses(c).map((h) => ({ ...h, patterns: [...h.patterns], severity: 'high' })));

/**
 * The rule lists the agent catalog owns, so a new agent's files are in the rules without a rule edit:
 * agent-hook-files (agentHookFiles) and mcp-config-files (the catalog's `ruleFiles.mcp`).
 */
export const catalogRuleLists = derived((c): ReadonlyMap<string, string[]> => new Map([
  // Not the agents' own: one list for the rule pack and the secret catalog (SECRET_FILES) alike.
  ['browser-secret-files', BROWSER_STORES.patterns],
  ['agent-hook-files', agentHookFiles(c).flatMap((h) => h.patterns)],
  // The directories that hold them: deleted or moved away whole (`rm -rf ~/.gemini`, `mv ~/.claude ~/.claude.bak`), the hooks go too.
  ['agent-hook-dirs', holdingDirs(agentHookFiles(c).flatMap((h) => h.patterns))],
  // The same without a project's .github, which holds its CI and templates too: restoring it from git is everyday.
  ['agent-hook-own-dirs', holdingDirs(agentHookFiles(c).flatMap((h) => h.patterns)).filter((d) => !d.endsWith('/.github'))],
  // Where `agentwatch install` puts each agent's hooks (and `install --system`): a whole-file rewrite there without them removes them.
  ['agent-install-hook-files', c.agents.flatMap((a) => (a.install ? [a.install.file, a.install.system?.linux, a.install.system?.darwin] : [])).filter((f): f is string => f !== undefined)],
  ['mcp-config-files', mcpConfigFilePatterns(c)],
  // The programs that start an agent, and the variables that move where one reads its hooks from.
  ['agent-programs', [...new Set(c.agents.flatMap((a) => a.commands).filter((x) => !/[@/]/.test(x)))]],
  ['agent-config-vars', [...new Set(c.agents.flatMap((a) => a.configEnv))]],
  // The variables agents stamp their processes with (and agentwatch run's): unsetting one hides a command's session.
  ['agent-stamp-vars', [...sessionStampVariables(c)]],
]));

/** The directories holding each pattern's files, below the home, `**` or a system directory (not `/etc` itself). */
function holdingDirs(patterns: readonly string[]): string[] {
  const out = new Set<string>();
  for (const p of patterns) {
    const parts = p.replace(/\/\*\*$/, '/x').split('/');
    for (let n = parts.length - 1; n >= 2; n--) {
      const dir = parts.slice(0, n).join('/');
      if (/^(~|\*\*|\/etc|\/Library|\/Library\/Application Support)$/.test(dir)) break;
      out.add(dir);
    }
  }
  return [...out];
}

/** Programs that send data over the network when given a destination. */
export const NETWORK_TOOLS = new Set([
  'curl', 'wget', 'nc', 'ncat', 'netcat', 'socat', 'telnet', 'ssh', 'autossh', 'scp', 'sftp', 'rsync', 'ftp',
  'http', 'https', 'xh', 'aria2c', 'lftp', 'openssl',
  // Clients whose destination is a URL, a `host:` path, `user@host` or `-h host`: each can carry a file.
  'lwp-download', 'lwp-request', 'lwp-mirror', 'GET', 'POST', 'HEAD', 'ab', 'sshfs', 'finger', 'whois', 'smbclient', 'smbget', 'rpcclient',
  'ztcp', 'tftp',
  // WebSocket clients: what they read on stdin goes to the URL they are given (`… | websocat wss://h/`).
  'websocat', 'wscat',
]);

/** Programs that fetch a URL to stdout (the left side of `curl … | sh`). */
export const DOWNLOADERS = new Set(['curl', 'wget', 'http', 'https', 'xh', 'fetch']);

/** Programs that execute what they read on stdin (the right side of `curl … | sh`). */
export const STDIN_INTERPRETERS = new Set([
  'sh', 'bash', 'zsh', 'dash', 'ksh', 'fish', 'ash', 'mksh', 'csh', 'tcsh', 'rbash', 'yash', 'posh',
  'python', 'python3', 'python2', 'python3.8', 'python3.9', 'python3.10', 'python3.11', 'python3.12', 'python3.13', 'pypy3',
  'perl', 'ruby', 'node', 'php', 'lua', 'pwsh', 'source', 'iex',
]);
