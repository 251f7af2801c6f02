//! Creates on the emulators the resources `template.yaml` declares, under local names
//! `<prefix>-<LogicalId>`, and resolves the functions' environment against them. Idempotent:
//! what already exists is reused.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
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
    #[error("SES: {0}")]
    Ses(Box<aws_sdk_sesv2::Error>),
    #[error("invalid request: {0}")]
    Build(String),
    #[error("the environment variable {variable} refers to {target}, which the template does not declare")]
    UnknownRef { variable: String, target: String },
    #[error("the emulator returned no {0}")]
    Missing(&'static str),
    #[error("secret file {path}: {source}")]
    SecretFile { path: String, source: std::io::Error },
}

/// Where the secret parameters' values come from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SecretValues {
    /// A fresh random value for each parameter that does not exist yet (tests, throw-away stacks).
    Random,
    /// Values created once as files in this directory (mode 0600) and written to SSM at every
    /// start, so tokens signed and data sealed with them stay valid when the emulator forgets its
    /// parameters. A missing file adopts a value SSM already holds (an endpoint that persists).
    KeptIn(PathBuf),
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

fn ses<E>(e: E) -> BootstrapError
where
    aws_sdk_sesv2::Error: From<E>,
{
    BootstrapError::Ses(Box::new(e.into()))
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
    /// Logical id to rule name (on its bus).
    pub rules: BTreeMap<String, String>,
    /// Template parameter to the local SSM parameter name.
    pub secret_parameters: BTreeMap<String, String>,
    /// The functions' environment (template `Globals`), resolved to the local names.
    pub environment: BTreeMap<String, String>,
    /// Each function's timeout by its binary's name, for the runner to hand its handlers the
    /// same deadline Lambda would.
    pub timeouts: BTreeMap<String, Duration>,
    /// Each function's own variables (by binary name), resolved.
    pub function_environment: BTreeMap<String, BTreeMap<String, String>>,
}

impl LocalResources {
    pub fn env(&self, name: &str) -> Option<String> {
        self.environment.get(name).cloned()
    }

    /// The timeout of the function built as `binary` (Lambda's default, 3 s, if it has none).
    pub fn timeout(&self, binary: &str) -> Duration {
        self.timeouts.get(binary).copied().unwrap_or(Duration::from_secs(3))
    }

    /// A variable as the function `binary` sees it: its own value, else the `Globals` one.
    pub fn function_env(&self, binary: &str, name: &str) -> Option<String> {
        self.function_environment.get(binary).and_then(|env| env.get(name).cloned()).or_else(|| self.env(name))
    }
}

/// [`bootstrap_with`] random secrets.
pub async fn bootstrap(sdk: &SdkConfig, template: &Template, prefix: &str) -> Result<LocalResources, BootstrapError> {
    bootstrap_with(sdk, template, prefix, &SecretValues::Random).await
}

pub async fn bootstrap_with(
    sdk: &SdkConfig,
    template: &Template,
    prefix: &str,
    secrets: &SecretValues,
) -> Result<LocalResources, BootstrapError> {
    let local = |id: &str| format!("{prefix}-{id}");
    let mut resources = LocalResources {
        prefix: prefix.to_owned(),
        tables: BTreeMap::new(),
        queue_urls: BTreeMap::new(),
        queue_arns: BTreeMap::new(),
        event_buses: BTreeMap::new(),
        rules: BTreeMap::new(),
        secret_parameters: BTreeMap::new(),
        environment: BTreeMap::new(),
        timeouts: template
            .functions
            .iter()
            .map(|f| (f.binary.clone(), Duration::from_secs(u64::from(f.timeout))))
            .collect(),
        function_environment: BTreeMap::new(),
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
    for rule in &template.rules {
        let name = local(&rule.logical_id);
        create_rule(&events_client, rule, &name, &resources).await?;
        resources.rules.insert(rule.logical_id.clone(), name);
    }

    let ses_client = aws_sdk_sesv2::Client::new(sdk);
    for identity in &template.sender_identities {
        create_sender_identity(&ses_client, identity).await?;
    }

    let ssm_client = aws_sdk_ssm::Client::new(sdk);
    for param in &template.secret_parameters {
        let name = secret_name(prefix, param);
        match secrets {
            SecretValues::Random => create_secret(&ssm_client, &name).await?,
            SecretValues::KeptIn(dir) => keep_secret(&ssm_client, &name, &dir.join(param)).await?,
        }
        resources.secret_parameters.insert(param.clone(), name);
    }

    for (variable, value) in &template.environment {
        if matches!(value, EnvValue::Deployed(_)) {
            continue;
        }
        let resolved = resolve_value(&resources, template, variable, value)?.join(",");
        resources.environment.insert(variable.clone(), resolved);
    }
    // Only where the template sets them for every function; per-function ones are below.
    for (variable, value) in LOCAL_SETTINGS {
        if let Some(resolved) = resources.environment.get_mut(variable) {
            *resolved = value.to_owned();
        }
    }
    for function in &template.functions {
        let mut environment = BTreeMap::new();
        for (variable, value) in &function.environment {
            if matches!(value, EnvValue::Deployed(_)) {
                continue;
            }
            let local = LOCAL_SETTINGS.iter().find(|(name, _)| name == variable).map(|(_, v)| (*v).to_owned());
            let resolved = match local {
                Some(local) => local,
                None => resolve_value(&resources, template, variable, value)?.join(","),
            };
            environment.insert(variable.clone(), resolved);
        }
        resources.function_environment.insert(function.binary.clone(), environment);
    }
    Ok(resources)
}

/// Settings the local stack has where a deployment has the template's defaults: the original
/// system's admin domains, kept for compatibility, and no per-client limits, as every local
/// request comes from one address (docs/security.md).
pub const LOCAL_SETTINGS: [(&str, &str); 4] = [
    ("ADMIN_EMAIL_DOMAINS", "admin.com,vinyldigger.com"),
    ("LOGINS_PER_CLIENT_PER_HOUR", "0"),
    ("REGISTRATIONS_PER_CLIENT_PER_HOUR", "0"),
    ("PASSWORD_RESETS_PER_CLIENT_PER_HOUR", "0"),
];

/// The local SSM name of a secret parameter.
fn secret_name(prefix: &str, param: &str) -> String {
    format!("/{prefix}/{param}")
}

/// A value as a list: a `CommaDelimitedList` parameter's items, one item for anything else.
fn resolve_value(
    resources: &LocalResources,
    template: &Template,
    variable: &str,
    value: &EnvValue,
) -> Result<Vec<String>, BootstrapError> {
    Ok(match value {
        EnvValue::Literal(v) => vec![v.clone()],
        EnvValue::Ref(target) => {
            let resolved = resolve(resources, template, target)
                .ok_or_else(|| BootstrapError::UnknownRef { variable: variable.to_owned(), target: target.clone() })?;
            if template.list_parameters.contains(target) {
                resolved.split(',').map(|item| item.trim().to_owned()).collect()
            } else {
                vec![resolved]
            }
        }
        EnvValue::Join { separator, values } => {
            let mut items = Vec::new();
            for value in values {
                items.extend(resolve_value(resources, template, variable, value)?);
            }
            vec![items.join(separator)]
        }
        EnvValue::Deployed(_) => Vec::new(),
    })
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

/// A rule on its bus, sending what matches to its queues (what exists is updated in place).
async fn create_rule(
    client: &aws_sdk_eventbridge::Client,
    rule: &crate::template::RuleSpec,
    name: &str,
    resources: &LocalResources,
) -> Result<(), BootstrapError> {
    let bus = resources.event_buses.get(&rule.bus).ok_or_else(|| BootstrapError::UnknownRef {
        variable: format!("{}.EventBusName", rule.logical_id),
        target: rule.bus.clone(),
    })?;
    client
        .put_rule()
        .name(name)
        .event_bus_name(bus)
        .event_pattern(rule.pattern.to_string())
        .send()
        .await
        .map_err(events)?;
    let mut targets = Vec::new();
    for (id, queue) in &rule.targets {
        let arn = resources.queue_arns.get(queue).ok_or_else(|| BootstrapError::UnknownRef {
            variable: format!("{}.Targets", rule.logical_id),
            target: queue.clone(),
        })?;
        targets.push(
            aws_sdk_eventbridge::types::Target::builder()
                .id(id)
                .arn(arn)
                .build()
                .map_err(|e| BootstrapError::Build(e.to_string()))?,
        );
    }
    client.put_targets().rule(name).event_bus_name(bus).set_targets(Some(targets)).send().await.map_err(events)?;
    Ok(())
}

/// An SES identity to send from; the emulator verifies it at once.
async fn create_sender_identity(client: &aws_sdk_sesv2::Client, identity: &str) -> Result<(), BootstrapError> {
    if client.get_email_identity().email_identity(identity).send().await.is_ok() {
        return Ok(());
    }
    match client.create_email_identity().email_identity(identity).send().await {
        Ok(_) => Ok(()),
        Err(e) if e.as_service_error().is_some_and(|e| e.is_already_exists_exception()) => Ok(()),
        Err(e) => Err(ses(e)),
    }
}

/// Base64 of 32 random bytes: a valid JWT key and a valid AES-256 data key alike.
fn random_secret() -> String {
    base64::engine::general_purpose::STANDARD.encode(rand::random::<[u8; 32]>())
}

/// The parameter's value, `None` when it does not exist.
async fn read_secret(client: &aws_sdk_ssm::Client, name: &str) -> Result<Option<String>, BootstrapError> {
    match client.get_parameter().name(name).with_decryption(true).send().await {
        Ok(out) => Ok(out.parameter.and_then(|p| p.value)),
        Err(e) if e.as_service_error().is_some_and(|e| e.is_parameter_not_found()) => Ok(None),
        Err(e) => Err(ssm(e)),
    }
}

async fn write_secret(client: &aws_sdk_ssm::Client, name: &str, value: &str) -> Result<(), BootstrapError> {
    client
        .put_parameter()
        .name(name)
        .value(value)
        .r#type(aws_sdk_ssm::types::ParameterType::SecureString)
        .overwrite(true)
        .send()
        .await
        .map_err(ssm)?;
    Ok(())
}

/// A fresh random 32-byte secret, unless the parameter exists already.
async fn create_secret(client: &aws_sdk_ssm::Client, name: &str) -> Result<(), BootstrapError> {
    if read_secret(client, name).await?.is_some() {
        return Ok(());
    }
    write_secret(client, name, &random_secret()).await
}

/// The secret kept in `file`: created once (from SSM's value if it has one, else random) and
/// written to SSM whenever SSM does not hold it.
async fn keep_secret(client: &aws_sdk_ssm::Client, name: &str, file: &Path) -> Result<(), BootstrapError> {
    let in_ssm = read_secret(client, name).await?;
    let kept = match crate::secret_file::read(file)? {
        Some(value) => value,
        None => {
            let value = in_ssm.clone().unwrap_or_else(random_secret);
            crate::secret_file::create(file, &value)?;
            value
        }
    };
    if in_ssm.as_deref() != Some(kept.as_str()) {
        write_secret(client, name, &kept).await?;
    }
    Ok(())
}

/// Deletes what [`bootstrap`] creates under `prefix` (what exists of it): the table with every
/// item, the queues, the bus and the secret parameters. The next bootstrap starts empty.
pub async fn teardown(sdk: &SdkConfig, template: &Template, prefix: &str) -> Result<(), BootstrapError> {
    let local = |id: &str| format!("{prefix}-{id}");
    let dynamodb_client = aws_sdk_dynamodb::Client::new(sdk);
    for table in &template.tables {
        match dynamodb_client.delete_table().table_name(local(&table.logical_id)).send().await {
            Ok(_) => {}
            Err(e) if e.as_service_error().is_some_and(|e| e.is_resource_not_found_exception()) => {}
            Err(e) => return Err(ddb(e)),
        }
    }
    let sqs_client = aws_sdk_sqs::Client::new(sdk);
    for queue in &template.queues {
        match sqs_client.get_queue_url().queue_name(local(&queue.logical_id)).send().await {
            Ok(out) => {
                let url = out.queue_url.ok_or(BootstrapError::Missing("queue URL"))?;
                sqs_client.delete_queue().queue_url(url).send().await.map_err(sqs)?;
            }
            Err(e) if e.as_service_error().is_some_and(|e| e.is_queue_does_not_exist()) => {}
            Err(e) => return Err(sqs(e)),
        }
    }
    let events_client = aws_sdk_eventbridge::Client::new(sdk);
    for rule in &template.rules {
        let (name, bus) = (local(&rule.logical_id), local(&rule.bus));
        let ids: Vec<String> = rule.targets.iter().map(|(id, _)| id.clone()).collect();
        // A rule (or bus) that does not exist has nothing to remove.
        let _ = events_client.remove_targets().rule(&name).event_bus_name(&bus).set_ids(Some(ids)).send().await;
        let _ = events_client.delete_rule().name(&name).event_bus_name(&bus).send().await;
    }
    for bus in &template.event_buses {
        // Deleting a bus that does not exist succeeds (EventBridge's own rule).
        events_client.delete_event_bus().name(local(bus)).send().await.map_err(events)?;
    }
    let ssm_client = aws_sdk_ssm::Client::new(sdk);
    for param in &template.secret_parameters {
        match ssm_client.delete_parameter().name(secret_name(prefix, param)).send().await {
            Ok(_) => {}
            Err(e) if e.as_service_error().is_some_and(|e| e.is_parameter_not_found()) => {}
            Err(e) => return Err(ssm(e)),
        }
    }
    Ok(())
}
