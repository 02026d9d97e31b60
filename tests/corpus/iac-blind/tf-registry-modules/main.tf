provider "aws" {
  region = "eu-west-1"

  default_tags {
    tags = {
      "managed-by" = "terraform"
    }
  }
}

module "label" {
  source  = "cloudposse/label/null"
  version = "0.25.0"

  namespace = "eg"
  stage     = "dev"
  name      = "chat"
  tags = {
    product        = "eg-chat"
    "billing-mode" = "internal"
  }
}

resource "aws_bedrock_inference_profile" "chat" { # expect: BRL203
  name = "eg-chat-claude-sonnet-4-5"

  model_source {
    copy_from = "arn:aws:bedrock:eu-west-1:123456789012:inference-profile/eu.anthropic.claude-sonnet-4-5-20250929-v1:0"
  }

  tags = module.label.tags
}

module "lambda_function" {
  source  = "terraform-aws-modules/lambda/aws"
  version = "7.14.0"

  function_name = "eg-chat-handler"
  description   = "Calls Bedrock through the eg-chat profile"
  handler       = "index.handler"
  runtime       = "python3.12"
  source_path   = "${path.module}/src"
  timeout       = 60

  environment_variables = {
    BEDROCK_INFERENCE_PROFILE_ARN = aws_bedrock_inference_profile.chat.arn
    MODEL_ID                      = "anthropic.claude-3-haiku-20240307-v1:0" # expect: BRL101
    COUNT_TOKENS_MODEL_ID         = "anthropic.claude-sonnet-4-5-20250929-v1:0"
  }

  attach_policy_statements = true
  policy_statements = {
    bedrock = {
      effect  = "Allow"
      actions = ["bedrock:InvokeModel", "bedrock:CountTokens"]
      resources = [
        aws_bedrock_inference_profile.chat.arn,
        "arn:aws:bedrock:*::foundation-model/anthropic.claude-sonnet-4-5-20250929-v1:0", # legit: IAM
      ]
    }
  }

  tags = module.label.tags
}

module "bedrock" {
  source  = "aws-ia/bedrock/aws"
  version = "0.0.31"

  create_agent           = true
  foundation_model       = "anthropic.claude-3-5-sonnet-20241022-v2:0" # expect: BRL101
  instruction            = "You are an assistant for the eg chat product."
  create_default_kb      = true
  kb_embedding_model_arn = "arn:aws:bedrock:eu-west-1::foundation-model/amazon.titan-embed-text-v2:0" # legit: exempt embedding
}
