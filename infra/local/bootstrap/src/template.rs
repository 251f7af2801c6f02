//! Reads the parts of `template.yaml` the local stack needs: the table, the queues with their
//! redrive policies, the event bus and its rules to queues, the secret parameters, the SES sender
//! identities and the functions' environment.
//! The template uses CloudFormation's short-form tags (`!Ref`, `!GetAtt`), which the YAML reader
//! keeps as tagged values; the long forms (`Ref:`, `Fn::GetAtt:`) are read too.

use std::collections::BTreeMap;
use std::path::Path;

use serde_norway::Value;

#[derive(Debug, thiserror::Error)]
pub enum TemplateError {
    #[error("cannot read {path}: {source}")]
    Read { path: String, source: std::io::Error },
    #[error("template.yaml is not valid YAML: {0}")]
    Yaml(#[from] serde_norway::Error),
    #[error("template.yaml: {0}")]
    Shape(String),
}

fn shape(message: impl Into<String>) -> TemplateError {
    TemplateError::Shape(message.into())
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyElement {
    pub attribute: String,
    /// `HASH` or `RANGE`.
    pub key_type: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IndexSpec {
    pub name: String,
    pub key_schema: Vec<KeyElement>,
    pub projection: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableSpec {
    pub logical_id: String,
    /// Attribute name to scalar type (`S`, `N`, `B`).
    pub attributes: BTreeMap<String, String>,
    pub key_schema: Vec<KeyElement>,
    pub indexes: Vec<IndexSpec>,
    pub ttl_attribute: Option<String>,
    pub billing_mode: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Redrive {
    pub dead_letter_queue: String,
    pub max_receive_count: u32,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueueSpec {
    pub logical_id: String,
    pub visibility_timeout: Option<u32>,
    pub retention_period: Option<u32>,
    pub redrive: Option<Redrive>,
}

/// A value in the functions' environment, before the local names are known.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EnvValue {
    Literal(String),
    /// `!Ref` of a resource or a parameter.
    Ref(String),
    /// `!Join [separator, [values]]`; a `!Ref` of a `CommaDelimitedList` parameter is its items.
    Join {
        separator: String,
        values: Vec<EnvValue>,
    },
    /// A value only the deployed stack knows (`!Sub` or `!GetAtt` of resources such as the
    /// CloudFront domain): not set locally, where the runner supplies its own.
    Deployed(String),
}

/// An EventBridge rule on one of the template's buses, with queue targets.
#[derive(Debug, Clone, PartialEq)]
pub struct RuleSpec {
    pub logical_id: String,
    /// The bus's logical id.
    pub bus: String,
    pub pattern: serde_json::Value,
    /// Target id and the logical id of the queue it sends to.
    pub targets: Vec<(String, String)>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FunctionSpec {
    pub logical_id: String,
    pub binary: String,
    pub timeout: u32,
    /// Logical ids of the queues this function consumes, and whether it reports item failures.
    pub sqs_sources: Vec<(String, bool)>,
    /// The function's own variables, besides (and over) the `Globals` ones.
    pub environment: BTreeMap<String, EnvValue>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Template {
    pub tables: Vec<TableSpec>,
    pub queues: Vec<QueueSpec>,
    pub event_buses: Vec<String>,
    pub rules: Vec<RuleSpec>,
    /// SES identities the functions send from: parameters named `*SenderIdentity` (their
    /// defaults). Locally they are created, and so verified, on the emulator.
    pub sender_identities: Vec<String>,
    /// Parameter name to its default value.
    pub parameters: BTreeMap<String, String>,
    /// Parameters of type `CommaDelimitedList`, whose `!Ref` is a list.
    pub list_parameters: Vec<String>,
    /// Parameters that name SSM SecureString parameters (by convention `*ParameterName`).
    pub secret_parameters: Vec<String>,
    pub environment: BTreeMap<String, EnvValue>,
    pub functions: Vec<FunctionSpec>,
}

impl Template {
    pub fn load(path: &Path) -> Result<Self, TemplateError> {
        let text = std::fs::read_to_string(path)
            .map_err(|source| TemplateError::Read { path: path.display().to_string(), source })?;
        Self::parse(&text)
    }

    /// The repository's own template, wherever the caller runs from.
    pub fn repository() -> Result<Self, TemplateError> {
        Self::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../template.yaml"))
    }

    pub fn parse(text: &str) -> Result<Self, TemplateError> {
        let root: Value = serde_norway::from_str(text)?;
        let resources = root.get("Resources").and_then(Value::as_mapping).ok_or_else(|| shape("no Resources"))?;
        let default_timeout = root
            .get("Globals")
            .and_then(|g| g.get("Function"))
            .and_then(|f| f.get("Timeout"))
            .and_then(Value::as_u64)
            .unwrap_or(3);

        let mut template = Template {
            tables: Vec::new(),
            queues: Vec::new(),
            event_buses: Vec::new(),
            rules: Vec::new(),
            sender_identities: Vec::new(),
            parameters: BTreeMap::new(),
            list_parameters: Vec::new(),
            secret_parameters: Vec::new(),
            environment: BTreeMap::new(),
            functions: Vec::new(),
        };
        for (id, resource) in resources {
            let id = id.as_str().ok_or_else(|| shape("non-string resource id"))?.to_owned();
            let props = resource.get("Properties").cloned().unwrap_or(Value::Null);
            match resource.get("Type").and_then(Value::as_str) {
                Some("AWS::DynamoDB::Table") => template.tables.push(table(&id, &props)?),
                Some("AWS::SQS::Queue") => template.queues.push(queue(&id, &props)?),
                Some("AWS::Events::EventBus") => template.event_buses.push(id),
                Some("AWS::Events::Rule") if props.get("EventBusName").is_some() => {
                    template.rules.push(rule(&id, &props)?)
                }
                Some("AWS::Serverless::Function") => {
                    template.functions.push(function(&id, resource, &props, default_timeout)?)
                }
                _ => {}
            }
        }
        if let Some(params) = root.get("Parameters").and_then(Value::as_mapping) {
            for (name, param) in params {
                let name = name.as_str().ok_or_else(|| shape("non-string parameter name"))?;
                let default = param.get("Default").map(scalar).transpose()?.unwrap_or_default();
                if name.ends_with("ParameterName") {
                    template.secret_parameters.push(name.to_owned());
                }
                if name.ends_with("SenderIdentity") {
                    template.sender_identities.push(default.clone());
                }
                if param.get("Type").and_then(Value::as_str) == Some("CommaDelimitedList") {
                    template.list_parameters.push(name.to_owned());
                }
                template.parameters.insert(name.to_owned(), default);
            }
        }
        template.environment =
            environment(root.get("Globals").and_then(|g| g.get("Function")).and_then(|f| f.get("Environment")))?;
        Ok(template)
    }

    pub fn queue(&self, logical_id: &str) -> Option<&QueueSpec> {
        self.queues.iter().find(|q| q.logical_id == logical_id)
    }
}

/// An `Environment` block's `Variables`.
fn environment(block: Option<&Value>) -> Result<BTreeMap<String, EnvValue>, TemplateError> {
    let variables = block.and_then(|e| e.get("Variables")).and_then(Value::as_mapping);
    let mut environment = BTreeMap::new();
    for (name, value) in variables.into_iter().flatten() {
        let name = name.as_str().ok_or_else(|| shape("non-string variable name"))?;
        environment.insert(name.to_owned(), env_value(value)?);
    }
    Ok(environment)
}

fn env_value(value: &Value) -> Result<EnvValue, TemplateError> {
    if let Some(target) = intrinsic(value, "Ref") {
        return Ok(EnvValue::Ref(target.to_owned()));
    }
    for deployed in ["Sub", "GetAtt"] {
        if let Some(text) = intrinsic(value, deployed) {
            return Ok(EnvValue::Deployed(text.to_owned()));
        }
    }
    let join = match value {
        Value::Tagged(tagged) if tagged.tag == "Join" => Some(&tagged.value),
        Value::Mapping(m) if m.len() == 1 => m.get("Fn::Join"),
        _ => None,
    };
    let Some(join) = join else {
        return Ok(EnvValue::Literal(scalar(value)?));
    };
    let parts = join.as_sequence().filter(|p| p.len() == 2).ok_or_else(|| shape("Join takes [separator, values]"))?;
    let values = match &parts[1] {
        Value::Sequence(values) => values.iter().map(env_value).collect::<Result<_, _>>()?,
        // `!Join [",", !Ref List]`: the list parameter itself.
        single => vec![env_value(single)?],
    };
    Ok(EnvValue::Join { separator: string(&parts[0], "Join separator")?, values })
}

/// The argument of an intrinsic function in short (`!Ref X`) or long (`Ref: X`) form.
fn intrinsic<'a>(value: &'a Value, name: &str) -> Option<&'a str> {
    match value {
        Value::Tagged(tagged) if tagged.tag == name => tagged.value.as_str(),
        Value::Mapping(m) if m.len() == 1 => {
            let long = if name == "Ref" { "Ref".to_owned() } else { format!("Fn::{name}") };
            m.get(long.as_str()).and_then(|v| match v {
                Value::String(s) => Some(s.as_str()),
                // `Fn::GetAtt: [Resource, Attribute]`: the resource is what matters here.
                Value::Sequence(parts) => parts.first().and_then(Value::as_str),
                _ => None,
            })
        }
        _ => None,
    }
}

fn scalar(value: &Value) -> Result<String, TemplateError> {
    match value {
        Value::String(s) => Ok(s.clone()),
        Value::Number(n) => Ok(n.to_string()),
        Value::Bool(b) => Ok(b.to_string()),
        other => Err(shape(format!("expected a scalar, found {other:?}"))),
    }
}

fn string(value: &Value, what: &str) -> Result<String, TemplateError> {
    value.as_str().map(str::to_owned).ok_or_else(|| shape(format!("{what} is not a string")))
}

fn key_schema(value: Option<&Value>, what: &str) -> Result<Vec<KeyElement>, TemplateError> {
    let elements = value.and_then(Value::as_sequence).ok_or_else(|| shape(format!("{what}: no KeySchema")))?;
    elements
        .iter()
        .map(|e| {
            Ok(KeyElement {
                attribute: string(e.get("AttributeName").unwrap_or(&Value::Null), "AttributeName")?,
                key_type: string(e.get("KeyType").unwrap_or(&Value::Null), "KeyType")?,
            })
        })
        .collect()
}

fn table(id: &str, props: &Value) -> Result<TableSpec, TemplateError> {
    let mut attributes = BTreeMap::new();
    for a in props.get("AttributeDefinitions").and_then(Value::as_sequence).into_iter().flatten() {
        attributes.insert(
            string(a.get("AttributeName").unwrap_or(&Value::Null), "AttributeName")?,
            string(a.get("AttributeType").unwrap_or(&Value::Null), "AttributeType")?,
        );
    }
    let mut indexes = Vec::new();
    for index in props.get("GlobalSecondaryIndexes").and_then(Value::as_sequence).into_iter().flatten() {
        let name = string(index.get("IndexName").unwrap_or(&Value::Null), "IndexName")?;
        indexes.push(IndexSpec {
            key_schema: key_schema(index.get("KeySchema"), &name)?,
            projection: index
                .get("Projection")
                .and_then(|p| p.get("ProjectionType"))
                .and_then(Value::as_str)
                .unwrap_or("ALL")
                .to_owned(),
            name,
        });
    }
    let ttl = props.get("TimeToLiveSpecification");
    let ttl_enabled = ttl.and_then(|t| t.get("Enabled")).and_then(Value::as_bool).unwrap_or(false);
    Ok(TableSpec {
        logical_id: id.to_owned(),
        attributes,
        key_schema: key_schema(props.get("KeySchema"), id)?,
        indexes,
        ttl_attribute: ttl
            .filter(|_| ttl_enabled)
            .and_then(|t| t.get("AttributeName"))
            .and_then(Value::as_str)
            .map(str::to_owned),
        billing_mode: props.get("BillingMode").and_then(Value::as_str).unwrap_or("PROVISIONED").to_owned(),
    })
}

fn number(value: Option<&Value>) -> Option<u32> {
    value.and_then(Value::as_u64).and_then(|n| u32::try_from(n).ok())
}

fn queue(id: &str, props: &Value) -> Result<QueueSpec, TemplateError> {
    let redrive = match props.get("RedrivePolicy") {
        None => None,
        Some(policy) => {
            let target = policy
                .get("deadLetterTargetArn")
                .and_then(|v| intrinsic(v, "GetAtt"))
                .ok_or_else(|| shape(format!("{id}: deadLetterTargetArn must be a GetAtt")))?;
            Some(Redrive {
                dead_letter_queue: target.split('.').next().unwrap_or(target).to_owned(),
                max_receive_count: number(policy.get("maxReceiveCount"))
                    .ok_or_else(|| shape(format!("{id}: maxReceiveCount must be a number")))?,
            })
        }
    };
    Ok(QueueSpec {
        logical_id: id.to_owned(),
        visibility_timeout: number(props.get("VisibilityTimeout")),
        retention_period: number(props.get("MessageRetentionPeriod")),
        redrive,
    })
}

fn rule(id: &str, props: &Value) -> Result<RuleSpec, TemplateError> {
    let bus = props
        .get("EventBusName")
        .and_then(|b| intrinsic(b, "Ref"))
        .ok_or_else(|| shape(format!("{id}: EventBusName must be a Ref of the template's bus")))?;
    let pattern = props.get("EventPattern").ok_or_else(|| shape(format!("{id}: no EventPattern")))?;
    let pattern = serde_json::to_value(pattern).map_err(|e| shape(format!("{id}: EventPattern: {e}")))?;
    let mut targets = Vec::new();
    for target in props.get("Targets").and_then(Value::as_sequence).into_iter().flatten() {
        let target_id = string(target.get("Id").unwrap_or(&Value::Null), "Target Id")?;
        let queue = target
            .get("Arn")
            .and_then(|a| intrinsic(a, "GetAtt"))
            .ok_or_else(|| shape(format!("{id}: a target's Arn must be a GetAtt of a queue")))?;
        targets.push((target_id, queue.split('.').next().unwrap_or(queue).to_owned()));
    }
    Ok(RuleSpec { logical_id: id.to_owned(), bus: bus.to_owned(), pattern, targets })
}

fn function(id: &str, resource: &Value, props: &Value, default_timeout: u64) -> Result<FunctionSpec, TemplateError> {
    let binary = resource
        .get("Metadata")
        .and_then(|m| m.get("BuildProperties"))
        .and_then(|b| b.get("Binary"))
        .and_then(Value::as_str)
        .ok_or_else(|| shape(format!("{id}: no Metadata.BuildProperties.Binary")))?;
    let mut sqs_sources = Vec::new();
    for (_, event) in props.get("Events").and_then(Value::as_mapping).into_iter().flatten() {
        if event.get("Type").and_then(Value::as_str) != Some("SQS") {
            continue;
        }
        let event_props = event.get("Properties").unwrap_or(&Value::Null);
        let queue = event_props
            .get("Queue")
            .and_then(|q| intrinsic(q, "GetAtt"))
            .ok_or_else(|| shape(format!("{id}: SQS event Queue must be a GetAtt")))?;
        let reports_failures = event_props
            .get("FunctionResponseTypes")
            .and_then(Value::as_sequence)
            .is_some_and(|types| types.iter().any(|t| t.as_str() == Some("ReportBatchItemFailures")));
        sqs_sources.push((queue.split('.').next().unwrap_or(queue).to_owned(), reports_failures));
    }
    Ok(FunctionSpec {
        logical_id: id.to_owned(),
        binary: binary.to_owned(),
        timeout: number(props.get("Timeout")).unwrap_or(default_timeout as u32),
        sqs_sources,
        environment: environment(props.get("Environment"))?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_repository_template_declares_the_whole_system() {
        let t = Template::repository().unwrap();
        assert_eq!(t.tables.len(), 1);
        let table = &t.tables[0];
        assert_eq!(table.billing_mode, "PAY_PER_REQUEST");
        assert_eq!(table.ttl_attribute.as_deref(), Some("expires_at"));
        let names: Vec<_> = table.indexes.iter().map(|i| i.name.as_str()).collect();
        assert_eq!(names, ["GSI1", "GSI2"]);
        let mut queues: Vec<_> = t.queues.iter().map(|q| q.logical_id.as_str()).collect();
        queues.sort();
        assert_eq!(
            queues,
            [
                "FetchDiscogsDlq",
                "FetchDiscogsQueue",
                "FetchEbayDlq",
                "FetchEbayQueue",
                "NotifyDlq",
                "NotifyQueue",
                "ResultsDlq",
                "ResultsQueue"
            ]
        );
        assert_eq!(t.event_buses, ["EventBus"]);
        let mut binaries: Vec<_> = t.functions.iter().map(|f| f.binary.as_str()).collect();
        binaries.sort();
        assert_eq!(
            binaries,
            ["api", "discogs-fetcher", "ebay-fetcher", "notifier", "rates", "result-writer", "scheduler"]
        );
        assert_eq!(t.rules.len(), 1);
        let rule = &t.rules[0];
        assert_eq!((rule.bus.as_str(), rule.targets[0].1.as_str()), ("EventBus", "NotifyQueue"));
        assert_eq!(rule.pattern["detail-type"], serde_json::json!(["RunCompleted"]));
        assert_eq!(t.sender_identities, ["vinyldigger.example"]);
        let notifier = t.functions.iter().find(|f| f.binary == "notifier").unwrap();
        assert!(matches!(notifier.environment["APP_URL"], EnvValue::Deployed(_)), "the CloudFront URL is AWS's");
    }

    #[test]
    fn every_queue_consumer_reports_item_failures_and_fits_the_visibility_timeout() {
        let t = Template::repository().unwrap();
        let consumers: Vec<_> = t.functions.iter().flat_map(|f| f.sqs_sources.iter().map(move |s| (f, s))).collect();
        assert_eq!(consumers.len(), 4);
        for (function, (queue_id, reports_failures)) in consumers {
            assert!(reports_failures, "{} must report batch item failures", function.logical_id);
            let queue = t.queue(queue_id).unwrap();
            let visibility = queue.visibility_timeout.unwrap();
            assert!(visibility >= 6 * function.timeout, "{queue_id}: {visibility}s < 6 x {}s", function.timeout);
            let redrive = queue.redrive.as_ref().unwrap();
            assert_eq!(redrive.max_receive_count, 3);
            assert!(t.queue(&redrive.dead_letter_queue).is_some());
        }
    }

    #[test]
    fn short_and_long_intrinsic_forms_are_read() {
        let t = Template::parse(
            r#"
Globals:
  Function:
    Environment:
      Variables:
        A: !Ref Q
        B: { Ref: Q }
        C: literal
Resources:
  Dlq: { Type: AWS::SQS::Queue }
  Q:
    Type: AWS::SQS::Queue
    Properties:
      RedrivePolicy: { deadLetterTargetArn: { "Fn::GetAtt": [Dlq, Arn] }, maxReceiveCount: 5 }
"#,
        )
        .unwrap();
        assert_eq!(t.environment["A"], EnvValue::Ref("Q".into()));
        assert_eq!(t.environment["B"], EnvValue::Ref("Q".into()));
        assert_eq!(t.environment["C"], EnvValue::Literal("literal".into()));
        let redrive = t.queue("Q").unwrap().redrive.clone().unwrap();
        assert_eq!(redrive, Redrive { dead_letter_queue: "Dlq".into(), max_receive_count: 5 });
    }

    #[test]
    fn a_functions_own_environment_is_read_with_joins() {
        let t = Template::repository().unwrap();
        let api = t.functions.iter().find(|f| f.binary == "api").unwrap();
        assert_eq!(
            api.environment["CORS_ORIGINS"],
            EnvValue::Join { separator: ",".into(), values: vec![EnvValue::Ref("CorsOrigins".into())] }
        );
        assert!(t.list_parameters.contains(&"CorsOrigins".to_owned()));
        let long = Template::parse(
            r#"
Resources:
  F:
    Type: AWS::Serverless::Function
    Metadata: { BuildProperties: { Binary: f } }
    Properties:
      Environment: { Variables: { L: { "Fn::Join": [";", [a, { Ref: P }]] } } }
"#,
        )
        .unwrap();
        assert_eq!(
            long.functions[0].environment["L"],
            EnvValue::Join {
                separator: ";".into(),
                values: vec![EnvValue::Literal("a".into()), EnvValue::Ref("P".into())]
            }
        );
    }

    #[test]
    fn a_broken_template_is_an_error_not_a_panic() {
        assert!(Template::parse("Resources: [").is_err());
        assert!(Template::parse("Foo: 1").is_err());
        let bad_redrive = "Resources:\n  Q:\n    Type: AWS::SQS::Queue\n    Properties:\n      RedrivePolicy: { deadLetterTargetArn: arn, maxReceiveCount: 3 }\n";
        assert!(Template::parse(bad_redrive).is_err());
    }
}
