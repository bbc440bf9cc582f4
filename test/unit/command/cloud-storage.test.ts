// Cloud storage CLIs: which invocations send local data to a bucket (and where), and which send nothing.
import { describe, expect, it } from 'vitest';
import { cloudUploadOf } from '../../../detectors/command/cloud-storage.js';
import { uploadSources } from '../../../detectors/command/uploads.js';
import { egressOf } from '../../../detectors/command/egress.js';

const words = (line: string) => line.match(/'[^']*'|\S+/g)!.map((w) => w.replace(/^'|'$/g, ''));
const up = (line: string) => cloudUploadOf(words(line));

describe('cloud storage uploads', () => {
  it.each([
    ['aws --profile prod s3 cp report.csv s3://acme-reports/2026/r.csv', 'aws s3 cp', 'acme-reports.s3.amazonaws.com', ['report.csv'], false],
    ['aws s3 mv ./out s3://bkt/out/ --recursive --storage-class GLACIER', 'aws s3 mv', 'bkt.s3.amazonaws.com', ['./out'], true],
    ['aws s3 sync --exclude "*.tmp" src s3://bkt/src', 'aws s3 sync', 'bkt.s3.amazonaws.com', ['src'], true],
    ['aws s3 cp data.db s3://bkt/d --endpoint-url https://minio.corp.invalid:9000', 'aws s3 cp', 'minio.corp.invalid', ['data.db'], false],
    ['aws s3api put-object --bucket drop-9 --key k --body ./dump.sql', 'aws s3api put-object', 'drop-9.s3.amazonaws.com', ['./dump.sql'], false],
    ['gcloud storage cp -r ./data gs://proj-data/in', 'gcloud storage cp', 'proj-data.storage.googleapis.com', ['./data'], true],
    ['gcloud alpha storage rsync ./x gs://b/x', 'gcloud storage rsync', 'b.storage.googleapis.com', ['./x'], true],
    ['gsutil -o GSUtil:parallel_composite_upload_threshold=150M cp big.tar gs://b/', 'gsutil cp', 'b.storage.googleapis.com', ['big.tar'], false],
    ['az storage blob upload-batch -d $web -s ./site --account-name acmeweb', 'az storage blob upload-batch', 'acmeweb.blob.core.windows.net', ['./site'], true],
    ['azcopy sync ./d https://acct.blob.core.windows.net/c?sig=abc', 'azcopy sync', 'acct.blob.core.windows.net', ['./d'], true],
    ['rclone copyto ./notes.md dropbox:backup/notes.md', 'rclone copyto', 'dropbox', ['./notes.md'], false],
    ['rclone rcat s3remote:bkt/x.tgz', 'rclone rcat', 's3remote', ['-'], false],
    ['s3cmd put secrets.txt s3://b/', 's3cmd put', 'b.s3.amazonaws.com', ['secrets.txt'], false],
    ['b2 upload-file my-bucket ./f.zip f.zip', 'b2 upload-file', 'my-bucket.backblazeb2.com', ['./f.zip'], false],
    ['b2 sync ./d b2://my-bucket/d', 'b2 sync', 'my-bucket.backblazeb2.com', ['./d'], true],
  ])('%s: an upload', (line, tool, host, sources, recursive) => {
    expect(up(line)).toMatchObject({ tool, host, sources, recursive });
    expect(egressOf(words(line))).toEqual([expect.objectContaining({ tool, host })]);
  });

  it.each([
    'aws s3 ls s3://bkt',
    'aws s3 cp s3://company-artifacts/build.zip ./build.zip',
    'aws s3 sync s3://bkt/data ./data',
    'aws s3 cp s3://a/x s3://b/x',
    'aws s3 mb s3://new-bucket',
    'aws sts get-caller-identity',
    'gsutil cp gs://b/x .',
    'gcloud storage ls gs://b',
    'gcloud compute instances list',
    'rclone copy remote:x ./x',
    'rclone ls remote:',
    'azcopy copy https://acct.blob.core.windows.net/c/x ./x',
    'az storage blob download --account-name a -c c -n x -f ./x',
    'b2 download-file-by-name bkt x ./x',
  ])('%s: sends nothing', (line) => {
    expect(up(line)).toBeUndefined();
    expect(egressOf(words(line))).toEqual([]);
  });
});

describe('what scp and rsync upload', () => {
  it('names the local sources of a copy to a host, nothing of a download', () => {
    expect(uploadSources(words('scp -P 2222 -i ~/.ssh/deploy a.txt b.txt deploy@web.example.net:/srv/'))).toEqual(['a.txt', 'b.txt']);
    expect(uploadSources(words('rsync -az --exclude node_modules ./ backup.example.net:/x/'))).toEqual(['./']);
    expect(uploadSources(words('scp web.example.net:/var/log/app.log .'))).toEqual([]);
    expect(uploadSources(words('rsync -a host.example.net:/srv/data/ ./data/'))).toEqual([]);
  });
});

describe('ping with a pattern', () => {
  it('carries its pattern to the host; a plain ping carries nothing', () => {
    expect(egressOf(words('ping -c 1 -p 6b6579 198.51.100.7'))).toEqual([{ tool: 'ping -p', host: '198.51.100.7' }]);
    expect(egressOf(words('ping -c 3 example.com'))).toEqual([]);
  });
});

describe('scp and rsync options', () => {
  it('tells value options from flags that share a letter', () => {
    // rsync -P (partial + progress) and -i (itemize) take no value; scp -P (port) and -i (identity) do.
    expect(uploadSources(words('rsync -aiP dist/ web.example.net:/srv/www/'))).toEqual(['dist/']);
    expect(uploadSources(words('rsync -a -i build web.example.net:/srv/'))).toEqual(['build']);
    expect(uploadSources(words('scp -p -P 22 -i key.pem out.zip web.example.net:'))).toEqual(['out.zip']);
  });
});
