//! Creates on the emulators the resources `template.yaml` declares, under local names
//! `<prefix>-<LogicalId>`, and resolves the functions' environment against them. Idempotent:
//! what already exists is reused.

use std::collections::BTreeMap;
use std::time::Duration;

use aws_config::SdkConfig;
use aws_sdk_dynamodb::types::{
    AttributeDefinition, BillingMode, GlobalSecondaryIndex, KeySchemaElement, KeyType, Projection, ProjectionType,
    ScalarAttributeType, TimeToLiveSpecification,
};
use aws_sdk_sqs::types::QueueAttributeName;
use base64::Engine;

use crate::template::{EnvValue, KeyElement, QueueSpec, TableSpec, Template};

#[derive(Debug, thiserror::Error)]
pub enum BootstrapError {
    #[error("DynamoDB: {0}")]
    Dynamo(Box<aws_sdk_dynamodb::Error>),
    #[error("SQS: {0}")]
    Sqs(Box<aws_sdk_sqs::Error>),
    #[error("EventBridge: {0}")]
    Events(Box<aws_sdk_eventbridge::Error>),
    #[error("SSM: {0}")]
    Ssm(Box<aws_sdk_ssm::Error>),
    #[error("invalid request: {0}")]
    Build(String),
    #[error("the environment variable {variable} refers to {target}, which the template does not declare")]
    UnknownRef { variable: String, target: String },
    #[error("the emulator returned no {0}")]
    Missing(&'static str),
}

fn ddb<E>(e: E) -> BootstrapError
where
    aws_sdk_dynamodb::Error: From<E>,
{
    BootstrapError::Dynamo(Box::new(e.into()))
}

fn sqs<E>(e: E) -> BootstrapError
where
    aws_sdk_sqs::Error: From<E>,
{
    BootstrapError::Sqs(Box::new(e.into()))
}

fn events<E>(e: E) -> BootstrapError
where
    aws_sdk_eventbridge::Error: From<E>,
{
    BootstrapError::Events(Box::new(e.into()))
}

fn ssm<E>(e: E) -> BootstrapError
where
    aws_sdk_ssm::Error: From<E>,
{
    BootstrapError::Ssm(Box::new(e.into()))
}

/// The local names of everything that was created.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LocalResources {
    pub prefix: String,
    /// Logical id to table name.
    pub tables: BTreeMap<String, String>,
    /// Logical id to queue URL.
    pub queue_urls: BTreeMap<String, String>,
    /// Logical id to queue ARN.
    pub queue_arns: BTreeMap<String, String>,
    /// Logical id to bus name.
    pub event_buses: BTreeMap<String, String>,
    /// Template parameter to the local SSM parameter name.
    pub secret_parameters: BTreeMap<String, String>,
    /// The functions' environment (template `Globals`), resolved to the local names.
    pub environment: BTreeMap<String, String>,
    /// Each function's timeout by its binary's name, for the runner to hand its handlers the
    /// same deadline Lambda would.
    pub timeouts: BTreeMap<String, Duration>,
}

impl LocalResources {
    pub fn env(&self, name: &str) -> Option<String> {
        self.environment.get(name).cloned()
    }

    /// The timeout of the function built as `binary` (Lambda's default, 3 s, if it has none).
    pub fn timeout(&self, binary: &str) -> Duration {
        self.timeouts.get(binary).copied().unwrap_or(Duration::from_secs(3))
    }
}

pub async fn bootstrap(sdk: &SdkConfig, template: &Template, prefix: &str) -> Result<LocalResources, BootstrapError> {
    let local = |id: &str| format!("{prefix}-{id}");
    let mut resources = LocalResources {
        prefix: prefix.to_owned(),
        tables: BTreeMap::new(),
        queue_urls: BTreeMap::new(),
        queue_arns: BTreeMap::new(),
        event_buses: BTreeMap::new(),
        secret_parameters: BTreeMap::new(),
        environment: BTreeMap::new(),
        timeouts: template
            .functions
            .iter()
            .map(|f| (f.binary.clone(), Duration::from_secs(u64::from(f.timeout))))
            .collect(),
    };

    let dynamodb_client = aws_sdk_dynamodb::Client::new(sdk);
    for table in &template.tables {
        let name = local(&table.logical_id);
        create_table(&dynamodb_client, table, &name).await?;
        resources.tables.insert(table.logical_id.clone(), name);
    }

    // Dead-letter queues first: the others name them in their redrive policy.
    let sqs_client = aws_sdk_sqs::Client::new(sdk);
    let (plain, redriven): (Vec<&QueueSpec>, Vec<&QueueSpec>) =
        template.queues.iter().partition(|q| q.redrive.is_none());
    for queue in plain.into_iter().chain(redriven) {
        let (url, arn) = create_queue(&sqs_client, queue, &local(&queue.logical_id), &resources.queue_arns).await?;
        resources.queue_urls.insert(queue.logical_id.clone(), url);
        resources.queue_arns.insert(queue.logical_id.clone(), arn);
    }

    let events_client = aws_sdk_eventbridge::Client::new(sdk);
    for bus in &template.event_buses {
        let name = local(bus);
        create_event_bus(&events_client, &name).await?;
        resources.event_buses.insert(bus.clone(), name);
    }

    let ssm_client = aws_sdk_ssm::Client::new(sdk);
    for param in &template.secret_parameters {
        let name = format!("/{prefix}/{param}");
        create_secret(&ssm_client, &name).await?;
        resources.secret_parameters.insert(param.clone(), name);
    }

    for (variable, value) in &template.environment {
        let resolved = match value {
            EnvValue::Literal(v) => v.clone(),
            EnvValue::Ref(target) => resolve(&resources, template, target)
                .ok_or_else(|| BootstrapError::UnknownRef { variable: variable.clone(), target: target.clone() })?,
        };
        resources.environment.insert(variable.clone(), resolved);
    }
    Ok(resources)
}

/// What `!Ref` yields: a table's or bus's name, a queue's URL, a parameter's (local) value.
fn resolve(resources: &LocalResources, template: &Template, target: &str) -> Option<String> {
    resources
        .tables
        .get(target)
        .or_else(|| resources.queue_urls.get(target))
        .or_else(|| resources.event_buses.get(target))
        .or_else(|| resources.secret_parameters.get(target))
        .or_else(|| template.parameters.get(target))
        .cloned()
}

fn key_element(k: &KeyElement) -> Result<KeySchemaElement, BootstrapError> {
    KeySchemaElement::builder()
        .attribute_name(&k.attribute)
        .key_type(KeyType::from(k.key_type.as_str()))
        .build()
        .map_err(|e| BootstrapError::Build(e.to_string()))
}

async fn create_table(client: &aws_sdk_dynamodb::Client, spec: &TableSpec, name: &str) -> Result<(), BootstrapError> {
    if client.describe_table().table_name(name).send().await.is_ok() {
        return Ok(());
    }
    let mut request =
        client.create_table().table_name(name).billing_mode(BillingMode::from(spec.billing_mode.as_str()));
    for (attribute, kind) in &spec.attributes {
        let definition = AttributeDefinition::builder()
            .attribute_name(attribute)
            .attribute_type(ScalarAttributeType::from(kind.as_str()))
            .build()
            .map_err(|e| BootstrapError::Build(e.to_string()))?;
        request = request.attribute_definitions(definition);
    }
    for k in &spec.key_schema {
        request = request.key_schema(key_element(k)?);
    }
    for index in &spec.indexes {
        let mut gsi = GlobalSecondaryIndex::builder()
            .index_name(&index.name)
            .projection(Projection::builder().projection_type(ProjectionType::from(index.projection.as_str())).build());
        for k in &index.key_schema {
            gsi = gsi.key_schema(key_element(k)?);
        }
        request = request.global_secondary_indexes(gsi.build().map_err(|e| BootstrapError::Build(e.to_string()))?);
    }
    request.send().await.map_err(ddb)?;
    if let Some(attribute) = &spec.ttl_attribute {
        let ttl = TimeToLiveSpecification::builder()
            .attribute_name(attribute)
            .enabled(true)
            .build()
            .map_err(|e| BootstrapError::Build(e.to_string()))?;
        client.update_time_to_live().table_name(name).time_to_live_specification(ttl).send().await.map_err(ddb)?;
    }
    Ok(())
}

async fn create_queue(
    client: &aws_sdk_sqs::Client,
    spec: &QueueSpec,
    name: &str,
    arns: &BTreeMap<String, String>,
) -> Result<(String, String), BootstrapError> {
    let mut request = client.create_queue().queue_name(name);
    if let Some(v) = spec.visibility_timeout {
        request = request.attributes(QueueAttributeName::VisibilityTimeout, v.to_string());
    }
    if let Some(v) = spec.retention_period {
        request = request.attributes(QueueAttributeName::MessageRetentionPeriod, v.to_string());
    }
    if let Some(redrive) = &spec.redrive {
        let target = arns.get(&redrive.dead_letter_queue).ok_or_else(|| BootstrapError::UnknownRef {
            variable: format!("{}.RedrivePolicy", spec.logical_id),
            target: redrive.dead_letter_queue.clone(),
        })?;
        let policy = serde_json::json!({
            "deadLetterTargetArn": target,
            "maxReceiveCount": redrive.max_receive_count,
        });
        request = request.attributes(QueueAttributeName::RedrivePolicy, policy.to_string());
    }
    let url = request.send().await.map_err(sqs)?.queue_url.ok_or(BootstrapError::Missing("queue URL"))?;
    let attributes = client
        .get_queue_attributes()
        .queue_url(&url)
        .attribute_names(QueueAttributeName::QueueArn)
        .send()
        .await
        .map_err(sqs)?;
    let arn = attributes
        .attributes
        .and_then(|mut a| a.remove(&QueueAttributeName::QueueArn))
        .ok_or(BootstrapError::Missing("queue ARN"))?;
    Ok((url, arn))
}

async fn create_event_bus(client: &aws_sdk_eventbridge::Client, name: &str) -> Result<(), BootstrapError> {
    if client.describe_event_bus().name(name).send().await.is_ok() {
        return Ok(());
    }
    client.create_event_bus().name(name).send().await.map_err(events)?;
    Ok(())
}

/// A fresh random 32-byte secret, unless the parameter exists already.
async fn create_secret(client: &aws_sdk_ssm::Client, name: &str) -> Result<(), BootstrapError> {
    if client.get_parameter().name(name).send().await.is_ok() {
        return Ok(());
    }
    let value = base64::engine::general_purpose::STANDARD.encode(rand::random::<[u8; 32]>());
    client
        .put_parameter()
        .name(name)
        .value(value)
        .r#type(aws_sdk_ssm::types::ParameterType::SecureString)
        .send()
        .await
        .map_err(ssm)?;
    Ok(())
}
