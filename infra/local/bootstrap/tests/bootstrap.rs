//! The bootstrap creates exactly what template.yaml declares: compared against the template
//! itself, read back from the emulators, so the two cannot drift.

use std::collections::BTreeMap;

use aws_sdk_sqs::types::QueueAttributeName;
use vinyldigger_bootstrap::template::{EnvValue, Template};
use vinyldigger_bootstrap::testing::TestEnv;

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
