//! The bootstrap creates exactly what template.yaml declares: compared against the template
//! itself, read back from the emulators, so the two cannot drift.

use std::collections::BTreeMap;

use aws_sdk_sqs::types::QueueAttributeName;
use vinyldigger_bootstrap::template::{EnvValue, Template};
use vinyldigger_bootstrap::testing::TestEnv;
use vinyldigger_bootstrap::{LocalResources, SecretValues, bootstrap_with, teardown};

/// (index name, key schema as (attribute, key type), projection type)
type IndexShape = (String, Vec<(String, String)>, String);

#[tokio::test]
async fn the_table_matches_the_template() {
    let env = TestEnv::new().await;
    let template = Template::repository().unwrap();
    let dynamodb = aws_sdk_dynamodb::Client::new(&env.sdk);
    assert_eq!(env.resources.tables.len(), template.tables.len());

    for spec in &template.tables {
        let name = &env.resources.tables[&spec.logical_id];
        let table = dynamodb.describe_table().table_name(name).send().await.unwrap().table.unwrap();

        let attributes: BTreeMap<String, String> = table
            .attribute_definitions()
            .iter()
            .map(|a| (a.attribute_name().to_owned(), a.attribute_type().as_str().to_owned()))
            .collect();
        assert_eq!(attributes, spec.attributes);

        let keys: Vec<(String, String)> = table
            .key_schema()
            .iter()
            .map(|k| (k.attribute_name().to_owned(), k.key_type().as_str().to_owned()))
            .collect();
        let expected: Vec<(String, String)> =
            spec.key_schema.iter().map(|k| (k.attribute.clone(), k.key_type.clone())).collect();
        assert_eq!(keys, expected);

        let mut indexes: Vec<IndexShape> = table
            .global_secondary_indexes()
            .iter()
            .map(|i| {
                (
                    i.index_name().unwrap().to_owned(),
                    i.key_schema()
                        .iter()
                        .map(|k| (k.attribute_name().to_owned(), k.key_type().as_str().to_owned()))
                        .collect(),
                    i.projection().and_then(|p| p.projection_type()).unwrap().as_str().to_owned(),
                )
            })
            .collect();
        indexes.sort();
        let expected: Vec<IndexShape> = spec
            .indexes
            .iter()
            .map(|i| {
                (
                    i.name.clone(),
                    i.key_schema.iter().map(|k| (k.attribute.clone(), k.key_type.clone())).collect(),
                    i.projection.clone(),
                )
            })
            .collect();
        assert_eq!(indexes, expected);

        let billing = table.billing_mode_summary().and_then(|b| b.billing_mode()).unwrap();
        assert_eq!(billing.as_str(), spec.billing_mode);

        let ttl = dynamodb.describe_time_to_live().table_name(name).send().await.unwrap();
        let ttl = ttl.time_to_live_description().unwrap();
        assert_eq!(ttl.attribute_name(), spec.ttl_attribute.as_deref());
        assert_eq!(ttl.time_to_live_status().unwrap().as_str(), "ENABLED");
    }
}

#[tokio::test]
async fn the_queues_and_dead_letter_queues_match_the_template() {
    let env = TestEnv::new().await;
    let template = Template::repository().unwrap();
    let sqs = aws_sdk_sqs::Client::new(&env.sdk);
    assert_eq!(env.resources.queue_urls.len(), template.queues.len());

    for spec in &template.queues {
        let url = &env.resources.queue_urls[&spec.logical_id];
        let attributes = sqs
            .get_queue_attributes()
            .queue_url(url)
            .attribute_names(QueueAttributeName::All)
            .send()
            .await
            .unwrap()
            .attributes
            .unwrap();
        if let Some(expected) = spec.visibility_timeout {
            assert_eq!(attributes[&QueueAttributeName::VisibilityTimeout], expected.to_string(), "{}", spec.logical_id);
        }
        if let Some(expected) = spec.retention_period {
            assert_eq!(attributes[&QueueAttributeName::MessageRetentionPeriod], expected.to_string());
        }
        match &spec.redrive {
            None => assert!(!attributes.contains_key(&QueueAttributeName::RedrivePolicy)),
            Some(redrive) => {
                let policy: serde_json::Value =
                    serde_json::from_str(&attributes[&QueueAttributeName::RedrivePolicy]).unwrap();
                assert_eq!(policy["deadLetterTargetArn"], env.resources.queue_arns[&redrive.dead_letter_queue]);
                assert_eq!(
                    policy["maxReceiveCount"].to_string().trim_matches('"'),
                    redrive.max_receive_count.to_string()
                );
            }
        }
    }
}

#[tokio::test]
async fn the_environment_resolves_every_reference_and_secrets_exist() {
    let env = TestEnv::new().await;
    let template = Template::repository().unwrap();
    let ssm = aws_sdk_ssm::Client::new(&env.sdk);
    let events = aws_sdk_eventbridge::Client::new(&env.sdk);

    assert_eq!(env.resources.environment.len(), template.environment.len());
    for (variable, value) in &template.environment {
        let resolved = &env.resources.environment[variable];
        if let EnvValue::Ref(target) = value {
            if let Some(url) = env.resources.queue_urls.get(target) {
                assert_eq!(resolved, url);
            } else if let Some(name) = env.resources.secret_parameters.get(target) {
                let parameter = ssm.get_parameter().name(name).with_decryption(true).send().await.unwrap();
                assert!(!parameter.parameter.unwrap().value.unwrap().is_empty(), "{name} has a value");
                assert_eq!(resolved, name);
            } else if let Some(bus) = env.resources.event_buses.get(target) {
                events.describe_event_bus().name(bus).send().await.unwrap();
                assert_eq!(resolved, bus);
            }
        }
    }
}

#[tokio::test]
async fn bootstrapping_twice_reuses_what_exists() {
    let env = TestEnv::new().await;
    let template = Template::repository().unwrap();
    let again = vinyldigger_bootstrap::bootstrap(&env.sdk, &template, &env.resources.prefix).await.unwrap();
    assert_eq!(again, env.resources);
}

#[tokio::test]
async fn a_functions_own_variables_win_over_the_globals() {
    let env = TestEnv::new().await;
    // The API's `CORS_ORIGINS: !Join [",", !Ref CorsOrigins]`, with the parameter's default.
    assert_eq!(env.resources.function_env("api", "CORS_ORIGINS").as_deref(), Some("http://localhost:3000"));
    assert_eq!(env.resources.function_env("scheduler", "CORS_ORIGINS"), None);
    assert_eq!(env.resources.function_env("api", "TABLE_NAME"), env.env("TABLE_NAME"));
}

/// What SSM holds for each secret parameter of a bootstrap.
async fn secret_values(ssm: &aws_sdk_ssm::Client, resources: &LocalResources) -> BTreeMap<String, String> {
    let mut values = BTreeMap::new();
    for (param, name) in &resources.secret_parameters {
        let out = ssm.get_parameter().name(name).with_decryption(true).send().await.unwrap();
        values.insert(param.clone(), out.parameter.unwrap().value.unwrap());
    }
    values
}

#[tokio::test]
async fn kept_secrets_are_files_that_refill_a_forgetful_ssm() {
    use std::os::unix::fs::PermissionsExt;

    let env = TestEnv::new().await;
    let template = Template::repository().unwrap();
    let ssm = aws_sdk_ssm::Client::new(&env.sdk);
    let prefix = format!("{}k", env.resources.prefix);
    let dir = std::env::temp_dir().join(format!("vinyldigger-secrets-{prefix}"));
    let kept = SecretValues::KeptIn(dir.clone());

    let first = bootstrap_with(&env.sdk, &template, &prefix, &kept).await.unwrap();
    let values = secret_values(&ssm, &first).await;
    for (param, value) in &values {
        let file = dir.join(param);
        assert_eq!(std::fs::read_to_string(&file).unwrap(), *value);
        assert_eq!(std::fs::metadata(&file).unwrap().permissions().mode() & 0o777, 0o600);
    }
    assert_eq!(std::fs::metadata(&dir).unwrap().permissions().mode() & 0o777, 0o700);

    // An emulator restarted empty gets the same values back.
    for name in first.secret_parameters.values() {
        ssm.delete_parameter().name(name).send().await.unwrap();
    }
    let again = bootstrap_with(&env.sdk, &template, &prefix, &kept).await.unwrap();
    assert_eq!(secret_values(&ssm, &again).await, values);

    // Without its files, a parameter SSM still holds is adopted, not replaced.
    std::fs::remove_dir_all(&dir).unwrap();
    bootstrap_with(&env.sdk, &template, &prefix, &kept).await.unwrap();
    assert_eq!(secret_values(&ssm, &again).await, values);
    assert_eq!(std::fs::read_to_string(dir.join("DataKeyParameterName")).unwrap(), values["DataKeyParameterName"]);
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test]
async fn teardown_deletes_everything_and_a_bootstrap_after_it_starts_empty() {
    use aws_sdk_dynamodb::types::AttributeValue;

    let env = TestEnv::new().await;
    let template = Template::repository().unwrap();
    let prefix = &env.resources.prefix;
    let table = &env.resources.tables["Table"];
    let dynamodb = aws_sdk_dynamodb::Client::new(&env.sdk);
    let key = || {
        [
            ("PK".to_owned(), AttributeValue::S("USER#gone".into())),
            ("SK".to_owned(), AttributeValue::S("PROFILE".into())),
        ]
    };
    dynamodb.put_item().table_name(table).set_item(Some(key().into())).send().await.unwrap();

    teardown(&env.sdk, &template, prefix).await.unwrap();
    assert!(dynamodb.describe_table().table_name(table).send().await.is_err());
    let sqs = aws_sdk_sqs::Client::new(&env.sdk);
    assert!(sqs.get_queue_url().queue_name(format!("{prefix}-ResultsQueue")).send().await.is_err());
    let ssm = aws_sdk_ssm::Client::new(&env.sdk);
    assert!(ssm.get_parameter().name(&env.resources.secret_parameters["DataKeyParameterName"]).send().await.is_err());
    teardown(&env.sdk, &template, prefix).await.expect("nothing left to delete is fine");

    let again = vinyldigger_bootstrap::bootstrap(&env.sdk, &template, prefix).await.unwrap();
    assert_eq!(again.tables, env.resources.tables);
    let item = dynamodb.get_item().table_name(table).set_key(Some(key().into())).send().await.unwrap();
    assert!(item.item.is_none(), "the new table is empty");
}

#[tokio::test]
async fn the_rule_sends_run_completed_to_the_notifier_queue_and_nothing_else() {
    let env = TestEnv::new().await;
    let events = aws_sdk_eventbridge::Client::new(&env.sdk);
    let bus = &env.resources.event_buses["EventBus"];
    for detail_type in ["RunCompleted", "SomethingElse"] {
        let entry = aws_sdk_eventbridge::types::PutEventsRequestEntry::builder()
            .event_bus_name(bus)
            .source("vinyldigger")
            .detail_type(detail_type)
            .detail(r#"{"run_id":"r"}"#)
            .build();
        events.put_events().entries(entry).send().await.unwrap();
    }
    let sqs = aws_sdk_sqs::Client::new(&env.sdk);
    let bodies = vinyldigger_bootstrap::testing::drain(&sqs, &env.resources.queue_urls["NotifyQueue"]).await;
    assert_eq!(bodies.len(), 1, "{bodies:?}");
    let event: serde_json::Value = serde_json::from_str(&bodies[0]).unwrap();
    assert_eq!((event["detail-type"].as_str(), event["detail"]["run_id"].as_str()), (Some("RunCompleted"), Some("r")));
}

#[tokio::test]
async fn the_sender_identity_exists_on_the_emulator() {
    let env = TestEnv::new().await;
    let template = Template::repository().unwrap();
    let ses = aws_sdk_sesv2::Client::new(&env.sdk);
    // moto reports domain identities unverified whatever is done; sending from them works (the
    // whole-stack alerts test reads the sent e-mails back).
    for identity in &template.sender_identities {
        let found = ses.get_email_identity().email_identity(identity).send().await.unwrap();
        assert!(found.identity_type.is_some(), "{identity}: {found:?}");
    }
}
