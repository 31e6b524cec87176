/**
 * Examples at the end of every command's `--help`, taken from the README
 * (test/unit/help/help-text.test.ts checks that each one appears there, and that every leaf
 * command has two or three). Keyed by the command as typed; "" is `awstriage` itself.
 */
export const EXAMPLES: Readonly<Record<string, readonly string[]>> = {
  "": ["awstriage triage", "awstriage ec2 list --region all -o table", "awstriage whoami"],
  whoami: [
    "awstriage whoami",
    "awstriage whoami --role-arn arn:aws:iam::210987654321:role/triage",
    "awstriage whoami --profiles dev,staging,prod -o table",
  ],
  ec2: ["awstriage ec2 list --state running --tag team=payments --type t3.micro", "awstriage ec2 status --all"],
  "ec2 list": [
    "awstriage ec2 list --state running --tag team=payments --type t3.micro",
    "awstriage ec2 list -o ndjson | jq -c 'select(.publicIp != null)'",
    "awstriage ec2 list --region all -o ndjson | jq -r '[.region, .instanceId] | @tsv'",
  ],
  "ec2 status": [
    "awstriage ec2 status",
    "awstriage ec2 status --all",
    "awstriage ec2 status --region all --out status.json",
  ],
  lambda: ["awstriage lambda list --runtime python3.9,nodejs16.x", "awstriage lambda metrics --since 6h"],
  timeline: [
    "awstriage timeline orders-handler --since 2h",
    "awstriage timeline arn:aws:lambda:us-east-1:123456789012:function:orders-handler -o json | jq -r '.[] | [.at, .kind, .summary] | @tsv'",
  ],
  "lambda list": [
    "awstriage lambda list --runtime python3.9,nodejs16.x",
    "awstriage lambda list --accounts accounts.txt --region all -o ndjson",
    `awstriage lambda list | jq -r '.[] | select(.environment | has("DB_PASSWORD")) | .functionName'`,
  ],
  "lambda metrics": [
    "awstriage lambda metrics --since 6h",
    "awstriage lambda metrics --function api | jq '.[0] | .durationMaxMs / .timeoutMs'",
  ],
  cloudwatch: [
    "awstriage cloudwatch alarms --state ALARM,INSUFFICIENT_DATA -o table",
    "awstriage cloudwatch metrics --namespace AWS/EC2 --metric CPUUtilization --dimension InstanceId=i-0abc --since 1h",
  ],
  "cloudwatch health": [
    "awstriage cloudwatch health --sources apigw,alb -o table",
    "awstriage cloudwatch health -o ndjson | jq -c 'select(.breached)'",
  ],
  "cloudwatch alarms": [
    "awstriage cloudwatch alarms --state ALARM,INSUFFICIENT_DATA -o table",
    `awstriage cloudwatch alarms --state ALARM | jq -r '.[] | "\\(.alarmName): \\(.stateReason)"'`,
  ],
  "cloudwatch metrics": [
    "awstriage cloudwatch metrics --namespace AWS/EC2 --metric CPUUtilization --dimension InstanceId=i-0abc --since 1h",
    "awstriage cloudwatch metrics --namespace AWS/Lambda --metric Errors --dimension FunctionName=api --stat Sum --period 5m --since 3h",
  ],
  logs: [
    "awstriage logs groups --prefix /aws/lambda/",
    "awstriage logs search /aws/lambda/api --filter ERROR --since 2h",
  ],
  "logs groups": [
    "awstriage logs groups --prefix /aws/lambda/",
    "awstriage logs groups --prefix /aws/lambda/ | jq -r '.[] | select(.retentionInDays == null) | .logGroupName'",
  ],
  "logs search": [
    "awstriage logs search /aws/lambda/api --filter ERROR --since 2h",
    "awstriage logs search /aws/lambda/api --filter ERROR --since 2h --until 1h --limit 500",
  ],
  "logs patterns": [
    "awstriage logs patterns /aws/lambda/api --since 2h",
    "awstriage logs patterns /aws/lambda/api --since 1d --filter '?Exception ?Timeout' -o table",
  ],
  "logs tail": [
    "awstriage logs tail /aws/lambda/api --since 30m",
    "awstriage logs tail /aws/lambda/api --follow --filter ERROR | jq -r '.message'",
    "awstriage logs tail /aws/lambda/api --follow | grep --line-buffered timeout",
  ],
  "logs insights": [
    "awstriage logs insights /aws/lambda/api /aws/lambda/worker --since 1h --timeout 2m --query 'fields @timestamp, @message | filter @message like /ERROR/ | sort @timestamp desc | limit 50'",
    "awstriage logs insights /aws/lambda/api --query 'stats count(*) by bin(5m)'",
  ],
  triage: [
    "awstriage triage",
    "awstriage triage --accounts accounts.txt --by account -o table",
    "awstriage triage --fail-on high -q --out findings.json",
  ],
  rules: [
    "awstriage rules",
    "awstriage rules --config .awstriage.json -o json | jq '.[] | select(.enabled | not) | .id'",
  ],
  diff: [
    "awstriage diff before.json after.json -o table",
    `awstriage diff before.json after.json | jq -r '.[] | select(.change == "new") | .title'`,
  ],
  cache: ["awstriage cache ls --script lambda --profile prod", "awstriage cache clear --script logs"],
  "cache ls": [
    "awstriage cache ls --script lambda --profile prod",
    "awstriage cache ls --ttl 1h -o json | jq -r '.[] | select(.fresh | not) | .path'",
  ],
  "cache clear": ["awstriage cache clear --script logs", "awstriage --profile prod cache clear"],
  "cache path": ["awstriage cache path", 'du -sh "$(awstriage cache path)"'],
  bundle: ["awstriage bundle create evidence.tar.gz --from report.json", "awstriage triage --bundle evidence.tar.gz"],
  "bundle create": [
    "awstriage triage --out report.json",
    "awstriage bundle create evidence.tar.gz --from report.json",
    "awstriage triage --bundle evidence.tar.gz",
  ],
  completion: [
    "awstriage completion bash > ~/.local/share/bash-completion/completions/awstriage",
    "awstriage completion zsh > ~/.zfunc/_awstriage",
    "awstriage completion fish > ~/.config/fish/completions/awstriage.fish",
  ],
};

/** What commands that print no records print instead. */
export const OUTPUT_NOTES: Readonly<Record<string, string>> = {
  "cache clear": "prints no records: one line on stderr says how many entries (and bytes) it removed",
  "cache path": "prints the cache root on stdout, and on stderr which rule chose it",
  completion: "prints a completion script for the shell on stdout",
  "bundle create": "writes FILE (tar.gz: manifest.json, report.json, config.json, cache/…); one line on stderr",
};
