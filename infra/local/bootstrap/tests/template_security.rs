//! The operational and least-privilege parts of template.yaml that no emulator exercises
//! (docs/security.md): alarms, log retention, stage throttling, the table policies.

use std::collections::BTreeSet;

use serde_norway::Value;

fn template() -> Value {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../template.yaml");
    serde_norway::from_str(&std::fs::read_to_string(path).expect("template.yaml")).expect("YAML")
}

/// `!Ref X` or `!GetAtt X.Attr` → X.
fn target(value: &Value) -> Option<String> {
    match value {
        Value::Tagged(tagged) if tagged.tag == "Ref" => tagged.value.as_str().map(str::to_owned),
        Value::Tagged(tagged) if tagged.tag == "GetAtt" => {
            tagged.value.as_str().and_then(|s| s.split('.').next()).map(str::to_owned)
        }
        _ => None,
    }
}

fn resources_of<'a>(t: &'a Value, kind: &str) -> Vec<(String, &'a Value)> {
    t["Resources"]
        .as_mapping()
        .unwrap()
        .iter()
        .filter(|(_, r)| r["Type"].as_str() == Some(kind))
        .map(|(id, r)| (id.as_str().unwrap().to_owned(), r))
        .collect()
}

/// (metric, the resource its dimension names) of every alarm that notifies the alarm topic.
fn alarms(t: &Value) -> BTreeSet<(String, String)> {
    resources_of(t, "AWS::CloudWatch::Alarm")
        .into_iter()
        .filter(|(_, a)| {
            a["Properties"]["AlarmActions"]
                .as_sequence()
                .unwrap()
                .iter()
                .any(|x| target(x).as_deref() == Some("AlarmTopic"))
        })
        .map(|(_, a)| {
            let p = &a["Properties"];
            let dimension = target(&p["Dimensions"][0]["Value"]).unwrap();
            (p["MetricName"].as_str().unwrap().to_owned(), dimension)
        })
        .collect()
}

#[test]
fn every_function_has_error_and_throttle_alarms_and_kept_logs() {
    let t = template();
    let alarms = alarms(&t);
    let functions = resources_of(&t, "AWS::Serverless::Function");
    assert_eq!(functions.len(), 7);
    for (id, function) in functions {
        assert!(alarms.contains(&("Errors".into(), id.clone())), "{id} has no error alarm");
        assert!(alarms.contains(&("Throttles".into(), id.clone())), "{id} has no throttle alarm");
        let group = target(&function["Properties"]["LoggingConfig"]["LogGroup"]).expect("log group");
        let group = &t["Resources"][group.as_str()];
        assert_eq!(group["Type"], "AWS::Logs::LogGroup");
        assert_eq!(target(&group["Properties"]["RetentionInDays"]).as_deref(), Some("LogRetentionDays"));
    }
    assert_eq!(t["Parameters"]["LogRetentionDays"]["Default"], 30);
}

#[test]
fn every_dead_letter_queue_and_work_queue_has_an_alarm() {
    let t = template();
    let alarms = alarms(&t);
    let queues = resources_of(&t, "AWS::SQS::Queue");
    assert_eq!(queues.len(), 8);
    for (id, _) in queues {
        let metric =
            if id.ends_with("Dlq") { "ApproximateNumberOfMessagesVisible" } else { "ApproximateAgeOfOldestMessage" };
        assert!(alarms.contains(&(metric.into(), id.clone())), "{id} has no {metric} alarm");
    }
    let subscription = &t["Resources"]["AlarmEmailSubscription"];
    assert_eq!(target(&subscription["Properties"]["Endpoint"]).as_deref(), Some("AlarmEmail"));
}

#[test]
fn the_api_stage_is_throttled_by_parameters() {
    let t = template();
    let settings = &t["Resources"]["HttpApi"]["Properties"]["DefaultRouteSettings"];
    assert_eq!(target(&settings["ThrottlingBurstLimit"]).as_deref(), Some("ApiThrottlingBurstLimit"));
    assert_eq!(target(&settings["ThrottlingRateLimit"]).as_deref(), Some("ApiThrottlingRateLimit"));
}

#[test]
fn admin_domains_are_off_and_per_client_limits_on_in_the_template() {
    let t = template();
    assert_eq!(t["Parameters"]["AdminEmailDomains"]["Default"], "");
    assert_eq!(t["Parameters"]["LoginsPerClientPerHour"]["Default"], 60);
    assert_eq!(t["Parameters"]["RegistrationsPerClientPerHour"]["Default"], 10);
}

#[test]
fn no_function_may_scan_or_has_blanket_table_rights() {
    let t = template();
    for (id, function) in resources_of(&t, "AWS::Serverless::Function") {
        let policies = serde_norway::to_string(&function["Properties"]["Policies"]).unwrap();
        for forbidden in ["DynamoDBCrudPolicy", "dynamodb:Scan", "dynamodb:*", "dynamodb:DeleteTable"] {
            assert!(!policies.contains(forbidden), "{id} has {forbidden}");
        }
        assert!(policies.contains("dynamodb:GetItem") || policies.contains("dynamodb:Query"), "{id} reads the table");
    }
    let writer = serde_norway::to_string(&t["Resources"]["ResultWriterFunction"]["Properties"]["Policies"]).unwrap();
    assert!(!writer.contains("dynamodb:DeleteItem"), "the result writer deletes nothing");
}

#[test]
fn password_reset_limits_are_on_and_the_api_may_send_only_as_the_alerts_sender() {
    let t = template();
    assert_eq!(t["Parameters"]["PasswordResetsPerClientPerHour"]["Default"], 10);
    let api = &t["Resources"]["ApiFunction"]["Properties"];
    let variables = &api["Environment"]["Variables"];
    assert_eq!(
        target(&variables["PASSWORD_RESETS_PER_CLIENT_PER_HOUR"]).as_deref(),
        Some("PasswordResetsPerClientPerHour")
    );
    assert_eq!(target(&variables["ALERTS_FROM_ADDRESS"]).as_deref(), Some("AlertsFromAddress"));
    assert_eq!(target(&variables["APP_URL"]).as_deref(), Some("AppUrl"));
    let statements: Vec<&Value> = api["Policies"]
        .as_sequence()
        .unwrap()
        .iter()
        .filter_map(|p| p["Statement"].as_sequence())
        .flatten()
        .filter(|s| serde_norway::to_string(&s["Action"]).unwrap().contains("ses:"))
        .collect();
    assert_eq!(statements.len(), 1, "one SES statement");
    let ses = statements[0];
    let resource = serde_norway::to_string(&ses["Resource"]).unwrap();
    assert!(resource.contains(":identity/${AlertsSenderIdentity}"), "scoped to the sender identity: {resource}");
    assert_eq!(target(&ses["Condition"]["StringEquals"]["ses:FromAddress"]).as_deref(), Some("AlertsFromAddress"));
    let actions = serde_norway::to_string(&ses["Action"]).unwrap();
    assert!(!actions.contains("ses:*"), "{actions}");
}

/// The dashboard's widgets, with `${AWS::Region}` as CloudFormation substitutes it.
fn dashboard_widgets(t: &Value) -> Vec<serde_json::Value> {
    let dashboards = resources_of(t, "AWS::CloudWatch::Dashboard");
    assert_eq!(dashboards.len(), 1, "one dashboard");
    let body = match &dashboards[0].1["Properties"]["DashboardBody"] {
        Value::Tagged(tagged) if tagged.tag == "Sub" => tagged.value.as_str().unwrap().to_owned(),
        other => panic!("the body is a !Sub string: {other:?}"),
    };
    let body: serde_json::Value = serde_json::from_str(&body.replace("${AWS::Region}", "us-east-1")).expect("JSON");
    body["widgets"].as_array().unwrap().clone()
}

#[test]
fn the_dashboard_shows_every_emitted_metric_of_real_functions() {
    let t = template();
    let binaries: BTreeSet<String> = resources_of(&t, "AWS::Serverless::Function")
        .into_iter()
        .filter_map(|(_, f)| f["Metadata"]["BuildProperties"]["Binary"].as_str().map(str::to_owned))
        .collect();
    let mut shown = BTreeSet::new();
    for widget in dashboard_widgets(&t) {
        let properties = &widget["properties"];
        assert_eq!(properties["region"], "us-east-1");
        for metric in properties["metrics"].as_array().unwrap() {
            let metric = metric.as_array().unwrap();
            assert_eq!(metric[0], "VinylDigger", "the metrics' namespace");
            assert_eq!(metric[2], "Function");
            let function = metric[3].as_str().unwrap();
            assert!(binaries.contains(function), "{function} is a function of the template");
            let dimension = metric[4].as_str().unwrap();
            assert!(["Marketplace", "Outcome"].contains(&dimension), "{dimension}");
            shown.insert(metric[1].as_str().unwrap().to_owned());
        }
    }
    let emitted = [
        "Runs",
        "RunDuration",
        "ListingsWritten",
        "ListingsFetched",
        "FetchFailed",
        "DynamoDBRequests",
        "MarketplaceCalls",
        "Marketplace429s",
        "MarketplaceQuotaLeft",
    ];
    assert_eq!(shown, emitted.iter().map(|m| (*m).to_owned()).collect::<BTreeSet<_>>());
}
