resource "aws_iam_role" "chat_api" {
  name               = "chat-platform-api-${var.env}"
  assume_role_policy = data.aws_iam_policy_document.lambda_trust.json
}

data "aws_iam_policy_document" "lambda_trust" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["lambda.amazonaws.com"]
    }
  }
}

data "aws_iam_policy_document" "invoke" {
  statement {
    sid     = "InvokeThroughProfiles"
    actions = ["bedrock:InvokeModel", "bedrock:InvokeModelWithResponseStream", "bedrock:Converse"]
    resources = concat(
      [for p in aws_bedrock_inference_profile.chat : p.arn],
      [
        "arn:aws:bedrock:*::foundation-model/anthropic.claude-sonnet-4-5-20250929-v1:0", # legit: IAM
        "arn:aws:bedrock:*::foundation-model/anthropic.claude-haiku-4-5-20251001-v1:0",  # legit: IAM
        "arn:aws:bedrock:eu-*::foundation-model/amazon.nova-pro-v1:0",                   # legit: IAM
        "arn:aws:bedrock:eu-central-1:${data.aws_caller_identity.current.account_id}:inference-profile/eu.anthropic.claude-sonnet-4-5-20250929-v1:0", # legit: IAM
      ],
    )
  }

  statement {
    sid       = "FallbackModel"
    actions   = ["bedrock:InvokeModel"]
    resources = ["arn:aws:bedrock:${var.region}::foundation-model/${local.fallback_model}"] # legit: IAM
  }
}

resource "aws_iam_role_policy" "invoke" {
  role   = aws_iam_role.chat_api.id
  policy = data.aws_iam_policy_document.invoke.json
}

resource "aws_lambda_function" "chat_api" {
  function_name = "chat-platform-api-${var.env}"
  role          = aws_iam_role.chat_api.arn
  runtime       = "python3.12"
  handler       = "app.handler"
  filename      = "${path.module}/build/chat_api.zip"
  memory_size   = var.lambda_memory_mb
  timeout       = 30

  environment {
    variables = {
      BEDROCK_INFERENCE_PROFILE_ARN = aws_bedrock_inference_profile.chat["claude-sonnet-4-5"].arn # legit: profile ARN
      FAST_PROFILE_ARN              = aws_bedrock_inference_profile.chat["claude-haiku-4-5"].arn  # legit: profile ARN
      EMBEDDING_MODEL_ID            = var.embedding_model                                         # legit: exempt embedding
      GUARDRAIL_PROFILE_ID          = var.guardrail_profile                                       # legit: guardrail
      FALLBACK_MODEL_ID             = local.fallback_model # expect: BRL101
      MODEL_PROVIDER                = "anthropic"
      CHAT_MODEL_ARN                = var.env == "prod" ? aws_bedrock_inference_profile.chat["claude-sonnet-4-5"].arn : "anthropic.claude-3-haiku-20240307-v1:0" # expect: BRL101
      TITLE_MODEL_ID                = lookup(var.model_ids, "title", "anthropic.claude-3-5-haiku-20241022-v1:0") # expect: BRL101
      "QUERY_REWRITE_MODEL"         = "${local.geo}.amazon.nova-micro-v1:0" # expect: BRL102
      LOG_LEVEL                     = "INFO"
    }
  }
}

resource "aws_lambda_function" "summariser" {
  function_name = "chat-platform-summariser-${var.env}"
  role          = aws_iam_role.chat_api.arn
  runtime       = "python3.12"
  handler       = "summarise.handler"
  filename      = "${path.module}/build/summariser.zip"
  timeout       = 900

  environment {
    variables = {
      MODEL_ID = var.summariser_model # expect: BRL102
    }
  }
}

resource "aws_ssm_parameter" "chat_profile_arn" {
  name  = "/chat-platform/${var.env}/bedrock/profile-arn"
  type  = "String"
  value = aws_bedrock_inference_profile.chat["claude-sonnet-4-5"].arn # legit: profile ARN
}

resource "aws_ssm_parameter" "default_model" {
  name        = "/chat-platform/${var.env}/bedrock/default-model-id"
  description = "Model the worker used before profiles (anthropic.claude-sonnet-4-5-20250929-v1:0)" # legit: description
  type        = "String"
  value       = "eu.anthropic.claude-sonnet-4-5-20250929-v1:0" # expect: BRL102
}

# Claude Code runner for the platform team's internal tooling.
resource "aws_ecs_task_definition" "code_runner" {
  family                   = "chat-platform-code-runner"
  requires_compatibilities = ["FARGATE"]
  network_mode             = "awsvpc"
  cpu                      = 1024
  memory                   = 4096
  container_definitions    = <<DEFINITION
[
  {
    "name": "runner",
    "image": "public.ecr.aws/example/claude-code-runner:0.9.1",
    "essential": true,
    "environment": [
      { "name": "CLAUDE_CODE_USE_BEDROCK", "value": "1" },
      { "name": "AWS_REGION", "value": "eu-central-1" },
      { "name": "ANTHROPIC_MODEL", "value": "eu.anthropic.claude-sonnet-4-5-20250929-v1:0" },
      { "name": "ANTHROPIC_SMALL_FAST_MODEL", "value": "eu.anthropic.claude-haiku-4-5-20251001-v1:0" }
    ]
  }
]
DEFINITION
}

resource "aws_cloudwatch_metric_alarm" "fallback_throttles" {
  alarm_name          = "chat-platform-fallback-throttles-${var.env}"
  namespace           = "AWS/Bedrock"
  metric_name         = "InvocationThrottles"
  statistic           = "Sum"
  period              = 300
  evaluation_periods  = 1
  threshold           = 10
  comparison_operator = "GreaterThanThreshold"
  dimensions = {
    ModelId = "anthropic.claude-3-haiku-20240307-v1:0" # legit: metric dimension
  }
}

resource "aws_cloudwatch_dashboard" "bedrock" {
  dashboard_name = "chat-platform-bedrock-${var.env}"
  dashboard_body = jsonencode({
    widgets = [{
      type   = "metric"
      width  = 12
      height = 6
      properties = {
        region = var.region
        title  = "Latency per model"
        metrics = [
          ["AWS/Bedrock", "InvocationLatency", "ModelId", "eu.anthropic.claude-sonnet-4-5-20250929-v1:0"], # legit: metric dimension
          ["AWS/Bedrock", "InvocationLatency", "ModelId", aws_bedrock_inference_profile.chat["claude-haiku-4-5"].arn],
        ]
      }
    }]
  })
}

output "profile_arns" {
  value = { for k, p in aws_bedrock_inference_profile.chat : k => p.arn }
}

output "profile_sources" {
  description = "System profiles copied, e.g. eu.anthropic.claude-sonnet-4-5-20250929-v1:0"
  value       = local.profile_sources # legit: output
}
