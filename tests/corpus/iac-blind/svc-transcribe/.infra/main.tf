# Ontopix-style service infrastructure: one module, one tfvars file per environment
#   terraform plan -var-file=dev.tfvars | -var-file=prod.tfvars

terraform {
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 6.2"
    }
  }
}

provider "aws" {
  region = var.aws_region

  default_tags {
    tags = local.tags
  }
}

locals {
  tags = {
    product        = var.product
    "billing-mode" = var.billing_mode
    env            = var.env
    team           = "voice"
    owner          = "voice-team@example.com"
    source         = "github.com/example-org/svc-transcribe"
    "managed-by"   = "terraform"
  }
}

resource "aws_bedrock_inference_profile" "summaries" { # expect: BRL402
  name        = "${var.product}-${var.model_slug}-${var.env}"
  description = "Call summaries for ${var.product}"

  model_source {
    copy_from = var.bedrock_model_source
  }
}

resource "aws_ssm_parameter" "profile_arn" {
  name  = "/${var.product}/${var.env}/bedrock/inference-profile-arn"
  type  = "String"
  value = aws_bedrock_inference_profile.summaries.arn
}

resource "aws_lambda_function" "summarise" {
  function_name = "${var.product}-summarise-${var.env}"
  role          = "arn:aws:iam::123456789012:role/${var.product}-summarise-${var.env}"
  runtime       = "python3.13"
  handler       = "handler.main"
  filename      = "dist/summarise.zip"

  environment {
    variables = {
      BEDROCK_PROFILE_SSM_PARAM = aws_ssm_parameter.profile_arn.name
      FALLBACK_MODEL_ID         = var.fallback_model_id # expect: BRL102
    }
  }
}

variable "aws_region" {
  type    = string
  default = "eu-west-1"
}

variable "product" {
  type    = string
  default = "transcribe"
}

variable "billing_mode" {
  type    = string
  default = "internal"
}

variable "env" {
  type = string
}

variable "model_slug" {
  description = "Slug of the model in the profile name"
  type        = string
}

variable "bedrock_model_source" {
  description = "ARN of the eu. system profile the application profile copies (ADR-0007)"
  type        = string
}

variable "fallback_model_id" {
  description = "Direct model used only in dev while the profile is being created"
  type        = string
  default     = null
}
