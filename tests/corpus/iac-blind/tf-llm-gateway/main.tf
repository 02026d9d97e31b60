terraform {
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 6.0"
    }
  }
}

provider "aws" {
  region = "eu-west-2"
}

locals {
  # key = model slug used in the LiteLLM route, value = system profile to copy
  bedrock_inference_profiles = {
    "claude-sonnet-4-5"        = "eu.anthropic.claude-sonnet-4-5-20250929-v1:0" # legit: copy_from source
    "claude-haiku-4-5"         = "eu.anthropic.claude-haiku-4-5-20251001-v1:0"  # legit: copy_from source
    "llama3-3-70b-instruct-v1" = "us.meta.llama3-3-70b-instruct-v1:0"           # legit here: copy_from source (geo reported at copy_from)
  }

  admin_model = "global.anthropic.claude-sonnet-4-5-20250929-v1:0"

  reporter_env = {
    GATEWAY_URL  = "https://llm.internal.example.com"
    REPORT_MODEL = "mistral.mistral-small-2402-v1:0"
  }
}

data "aws_bedrock_inference_profile" "source" {
  for_each = local.bedrock_inference_profiles

  inference_profile_id = each.value
}

resource "aws_bedrock_inference_profile" "litellm" { # expect: BRL201
  for_each = local.bedrock_inference_profiles

  name = "litellm-${each.key}"

  model_source {
    copy_from = data.aws_bedrock_inference_profile.source[each.key].inference_profile_arn # expect: BRL401
  }
}

resource "aws_ecs_task_definition" "litellm" {
  family                   = "llm-gateway"
  requires_compatibilities = ["FARGATE"]
  network_mode             = "awsvpc"
  cpu                      = 1024
  memory                   = 2048
  execution_role_arn       = "arn:aws:iam::555566667777:role/llm-gateway-exec"
  task_role_arn            = "arn:aws:iam::555566667777:role/llm-gateway-task"

  container_definitions = jsonencode([
    {
      name      = "litellm"
      image     = "ghcr.io/berriai/litellm:main-v1.74.0"
      essential = true
      portMappings = [{ containerPort = 4000, protocol = "tcp" }]
      environment = [
        { name = "LITELLM_LOG", value = "INFO" },
        { name = "DEFAULT_MODEL", value = "eu.anthropic.claude-3-7-sonnet-20250219-v1:0" }, # expect: BRL102
        { name = "SONNET_PROFILE_ARN", value = aws_bedrock_inference_profile.litellm["claude-sonnet-4-5"].arn },
        {
          name  = "FALLBACK_MODEL"
          value = "anthropic.claude-3-haiku-20240307-v1:0" # expect: BRL101
        },
        {
          name  = "EMBEDDING_MODEL"
          value = "cohere.embed-english-v3" # legit: exempt embedding
        },
      ]
      logConfiguration = {
        logDriver = "awslogs"
        options = {
          awslogs-group         = "/ecs/llm-gateway"
          awslogs-region        = "eu-west-2"
          awslogs-stream-prefix = "litellm"
        }
      }
    }
  ])
}

resource "aws_apprunner_service" "admin" {
  service_name = "llm-gateway-admin"

  source_configuration {
    auto_deployments_enabled = false
    image_repository {
      image_identifier      = "555566667777.dkr.ecr.eu-west-2.amazonaws.com/llm-admin:latest"
      image_repository_type = "ECR"
      image_configuration {
        port = "8080"
        runtime_environment_variables = {
          MODEL_ID   = local.admin_model # expect: BRL102
          AWS_REGION = "eu-west-2"
        }
      }
    }
  }
}

resource "aws_lambda_function" "reporter" {
  function_name = "llm-gateway-usage-reporter"
  role          = "arn:aws:iam::555566667777:role/llm-gateway-reporter"
  runtime       = "python3.12"
  handler       = "report.handler"
  filename      = "reporter.zip"

  environment {
    variables = local.reporter_env # expect: BRL101
  }
}

resource "aws_sfn_state_machine" "moderation" {
  name     = "llm-gateway-moderation"
  role_arn = "arn:aws:iam::555566667777:role/llm-gateway-sfn"

  definition = jsonencode({
    Comment = "Moderate a prompt with Bedrock before it reaches the gateway"
    StartAt = "Moderate"
    States = {
      Moderate = {
        Type     = "Task"
        Resource = "arn:aws:states:::bedrock:invokeModel"
        Parameters = {
          ModelId = "arn:aws:bedrock:eu-west-2::foundation-model/anthropic.claude-3-haiku-20240307-v1:0" # expect: BRL101
          Body = {
            anthropic_version = "bedrock-2023-05-31"
            max_tokens        = 200
            "messages.$"      = "$.messages"
          }
        }
        End = true
      }
    }
  })
}

output "profiles" {
  value = { for k, v in aws_bedrock_inference_profile.litellm : k => v.arn }
}
