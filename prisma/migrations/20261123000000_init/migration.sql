-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateEnum
CREATE TYPE "Role" AS ENUM ('member', 'lead', 'manager', 'admin');

-- CreateEnum
CREATE TYPE "Locale" AS ENUM ('en', 'zh');

-- CreateEnum
CREATE TYPE "ScopeType" AS ENUM ('member', 'team', 'shop', 'creator');

-- CreateEnum
CREATE TYPE "ContentType" AS ENUM ('none', 'video', 'live', 'product_card');

-- CreateEnum
CREATE TYPE "TrafficSource" AS ENUM ('none', 'organic', 'paid');

-- CreateEnum
CREATE TYPE "PeriodKind" AS ENUM ('week', 'month', 'quarter');

-- CreateEnum
CREATE TYPE "CreatorStage" AS ENUM ('prospect', 'contacted', 'replied', 'sample_requested', 'sample_shipped', 'video_posted', 'first_sale', 'active', 'declined', 'paused');

-- CreateEnum
CREATE TYPE "CreatorTier" AS ENUM ('S', 'A', 'B', 'C');

-- CreateEnum
CREATE TYPE "LogKind" AS ENUM ('video', 'live', 'post', 'contact');

-- CreateEnum
CREATE TYPE "AlertRuleKind" AS ENUM ('threshold', 'pct_change', 'statistical');

-- CreateEnum
CREATE TYPE "AlertStatus" AS ENUM ('open', 'acknowledged', 'snoozed', 'resolved');

-- CreateEnum
CREATE TYPE "JobRunStatus" AS ENUM ('claimed', 'done', 'failed', 'skipped');

-- CreateEnum
CREATE TYPE "ImportStatus" AS ENUM ('running', 'completed', 'failed');

-- CreateTable
CREATE TABLE "Workspace" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "slackTeamId" TEXT,
    "larkTenantKey" TEXT,
    "reportingCurrency" TEXT NOT NULL DEFAULT 'USD',
    "defaultLocale" "Locale" NOT NULL DEFAULT 'en',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Workspace_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Team" (
    "id" TEXT NOT NULL,
    "workspaceId" TEXT NOT NULL,
    "slug" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "market" TEXT NOT NULL,
    "timezone" TEXT NOT NULL,
    "currency" TEXT NOT NULL,
    "locale" "Locale" NOT NULL DEFAULT 'en',
    "workingDays" INTEGER[] DEFAULT ARRAY[1, 2, 3, 4, 5]::INTEGER[],
    "digestChannelId" TEXT,
    "standupChannelId" TEXT,
    "alertChannelId" TEXT,
    "standupTime" TEXT NOT NULL DEFAULT '09:30',
    "standupDeadline" TEXT NOT NULL DEFAULT '11:00',
    "digestTime" TEXT NOT NULL DEFAULT '08:30',
    "weeklyReportTime" TEXT NOT NULL DEFAULT '09:00',
    "creatorTierConfig" JSONB,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Team_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "TeamHoliday" (
    "id" TEXT NOT NULL,
    "teamId" TEXT NOT NULL,
    "date" DATE NOT NULL,
    "name" TEXT NOT NULL,

    CONSTRAINT "TeamHoliday_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Member" (
    "id" TEXT NOT NULL,
    "workspaceId" TEXT NOT NULL,
    "teamId" TEXT,
    "handle" TEXT NOT NULL,
    "displayName" TEXT NOT NULL,
    "email" TEXT,
    "role" "Role" NOT NULL DEFAULT 'member',
    "slackUserId" TEXT,
    "larkOpenId" TEXT,
    "timezone" TEXT,
    "language" "Locale" NOT NULL DEFAULT 'en',
    "dmOptOut" BOOLEAN NOT NULL DEFAULT false,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Member_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "MemberLink" (
    "id" TEXT NOT NULL,
    "workspaceId" TEXT NOT NULL,
    "platform" TEXT NOT NULL,
    "platformUserId" TEXT NOT NULL,
    "memberId" TEXT,
    "code" TEXT NOT NULL,
    "confirmedById" TEXT,
    "confirmedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "MemberLink_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Shop" (
    "id" TEXT NOT NULL,
    "workspaceId" TEXT NOT NULL,
    "teamId" TEXT NOT NULL,
    "platform" TEXT NOT NULL DEFAULT 'tiktok_shop',
    "externalId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "market" TEXT NOT NULL,
    "currency" TEXT NOT NULL,
    "timezone" TEXT NOT NULL,
    "apiConnected" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Shop_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SocialAccount" (
    "id" TEXT NOT NULL,
    "workspaceId" TEXT NOT NULL,
    "memberId" TEXT,
    "platform" TEXT NOT NULL,
    "handle" TEXT NOT NULL,
    "followers" INTEGER,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SocialAccount_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "MetricDefinition" (
    "key" TEXT NOT NULL,
    "nameEn" TEXT NOT NULL,
    "nameZh" TEXT NOT NULL,
    "unit" TEXT NOT NULL,
    "direction" TEXT NOT NULL,
    "aggregation" TEXT NOT NULL,
    "numerator" TEXT,
    "denominator" TEXT,
    "formulaEn" TEXT NOT NULL,
    "formulaZh" TEXT NOT NULL,

    CONSTRAINT "MetricDefinition_pkey" PRIMARY KEY ("key")
);

-- CreateTable
CREATE TABLE "Fact" (
    "id" BIGSERIAL NOT NULL,
    "workspaceId" TEXT NOT NULL,
    "teamId" TEXT NOT NULL,
    "date" DATE NOT NULL,
    "metricKey" TEXT NOT NULL,
    "scopeType" "ScopeType" NOT NULL,
    "scopeId" TEXT NOT NULL,
    "memberId" TEXT,
    "shopId" TEXT,
    "creatorId" TEXT,
    "contentType" "ContentType" NOT NULL DEFAULT 'none',
    "traffic" "TrafficSource" NOT NULL DEFAULT 'none',
    "productId" TEXT NOT NULL DEFAULT '',
    "value" DECIMAL(24,6) NOT NULL,
    "originalCurrency" TEXT,
    "originalAmount" DECIMAL(24,6),
    "fxRateDate" DATE,
    "source" TEXT NOT NULL,
    "importBatchId" TEXT,
    "updatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Fact_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "FxRate" (
    "date" DATE NOT NULL,
    "currency" TEXT NOT NULL,
    "usdRate" DECIMAL(24,12) NOT NULL,

    CONSTRAINT "FxRate_pkey" PRIMARY KEY ("currency","date")
);

-- CreateTable
CREATE TABLE "Target" (
    "id" TEXT NOT NULL,
    "workspaceId" TEXT NOT NULL,
    "teamId" TEXT,
    "scopeType" TEXT NOT NULL,
    "scopeId" TEXT NOT NULL,
    "metricKey" TEXT NOT NULL,
    "periodKind" "PeriodKind" NOT NULL,
    "periodStart" DATE NOT NULL,
    "weight" DECIMAL(6,4) NOT NULL DEFAULT 1,
    "currency" TEXT,
    "createdById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Target_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "TargetTier" (
    "id" TEXT NOT NULL,
    "targetId" TEXT NOT NULL,
    "rank" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "value" DECIMAL(24,6) NOT NULL,

    CONSTRAINT "TargetTier_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ContentLog" (
    "id" TEXT NOT NULL,
    "workspaceId" TEXT NOT NULL,
    "teamId" TEXT NOT NULL,
    "memberId" TEXT NOT NULL,
    "kind" "LogKind" NOT NULL,
    "count" INTEGER NOT NULL DEFAULT 1,
    "durationMinutes" INTEGER,
    "gmvAmount" DECIMAL(24,6),
    "gmvCurrency" TEXT,
    "gmvInTeamCurrency" DECIMAL(24,6),
    "fxRateDate" DATE,
    "tags" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "note" TEXT,
    "creatorId" TEXT,
    "channel" TEXT,
    "outcome" TEXT,
    "localDate" DATE NOT NULL,
    "loggedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "sourceEventId" TEXT,
    "undoneAt" TIMESTAMP(3),

    CONSTRAINT "ContentLog_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Creator" (
    "id" TEXT NOT NULL,
    "workspaceId" TEXT NOT NULL,
    "teamId" TEXT,
    "platform" TEXT NOT NULL DEFAULT 'tiktok',
    "handle" TEXT NOT NULL,
    "displayHandle" TEXT NOT NULL,
    "market" TEXT,
    "followers" INTEGER,
    "category" TEXT,
    "ownerId" TEXT,
    "stage" "CreatorStage" NOT NULL DEFAULT 'prospect',
    "tier" "CreatorTier",
    "stageChangedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "nextFollowUpAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Creator_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CreatorStageChange" (
    "id" TEXT NOT NULL,
    "creatorId" TEXT NOT NULL,
    "fromStage" "CreatorStage",
    "toStage" "CreatorStage" NOT NULL,
    "changedById" TEXT,
    "changedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "note" TEXT,

    CONSTRAINT "CreatorStageChange_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CreatorContact" (
    "id" TEXT NOT NULL,
    "creatorId" TEXT NOT NULL,
    "memberId" TEXT,
    "channel" TEXT NOT NULL,
    "outcome" TEXT NOT NULL,
    "note" TEXT,
    "contactedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "CreatorContact_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "StandupQuestion" (
    "id" TEXT NOT NULL,
    "teamId" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "textEn" TEXT NOT NULL,
    "textZh" TEXT NOT NULL,
    "active" BOOLEAN NOT NULL DEFAULT true,

    CONSTRAINT "StandupQuestion_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "StandupAnswer" (
    "id" TEXT NOT NULL,
    "teamId" TEXT NOT NULL,
    "memberId" TEXT NOT NULL,
    "questionId" TEXT NOT NULL,
    "localDate" DATE NOT NULL,
    "answer" TEXT NOT NULL,
    "answeredAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "StandupAnswer_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AlertRule" (
    "id" TEXT NOT NULL,
    "workspaceId" TEXT NOT NULL,
    "teamId" TEXT,
    "metricKey" TEXT NOT NULL,
    "scopeType" "ScopeType" NOT NULL DEFAULT 'team',
    "scopeId" TEXT,
    "kind" "AlertRuleKind" NOT NULL,
    "operator" TEXT NOT NULL,
    "threshold" DECIMAL(24,6) NOT NULL,
    "floor" DECIMAL(24,6),
    "sensitivity" DECIMAL(6,3),
    "cooldownMinutes" INTEGER NOT NULL DEFAULT 720,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "mutedUntil" TIMESTAMP(3),
    "createdById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AlertRule_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AlertEvent" (
    "id" TEXT NOT NULL,
    "workspaceId" TEXT NOT NULL,
    "teamId" TEXT NOT NULL,
    "ruleId" TEXT,
    "metricKey" TEXT NOT NULL,
    "scopeType" "ScopeType" NOT NULL,
    "scopeId" TEXT NOT NULL,
    "incidentKey" TEXT NOT NULL,
    "firstDate" DATE NOT NULL,
    "lastDate" DATE NOT NULL,
    "severity" TEXT NOT NULL,
    "status" "AlertStatus" NOT NULL DEFAULT 'open',
    "observed" DECIMAL(24,6) NOT NULL,
    "expected" DECIMAL(24,6),
    "rootCause" JSONB,
    "snoozedUntil" TIMESTAMP(3),
    "acknowledgedById" TEXT,
    "assignedToId" TEXT,
    "messageRefs" JSONB,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "resolvedAt" TIMESTAMP(3),

    CONSTRAINT "AlertEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "JobRun" (
    "id" TEXT NOT NULL,
    "jobName" TEXT NOT NULL,
    "targetKey" TEXT NOT NULL,
    "localDate" DATE NOT NULL,
    "status" "JobRunStatus" NOT NULL DEFAULT 'claimed',
    "claimedBy" TEXT NOT NULL,
    "leaseUntil" TIMESTAMP(3) NOT NULL,
    "attempts" INTEGER NOT NULL DEFAULT 1,
    "startedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" TIMESTAMP(3),
    "error" TEXT,

    CONSTRAINT "JobRun_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ProcessedEvent" (
    "platform" TEXT NOT NULL,
    "eventId" TEXT NOT NULL,
    "receivedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ProcessedEvent_pkey" PRIMARY KEY ("platform","eventId")
);

-- CreateTable
CREATE TABLE "ImportBatch" (
    "id" TEXT NOT NULL,
    "workspaceId" TEXT NOT NULL,
    "shopId" TEXT,
    "kind" TEXT NOT NULL,
    "fileName" TEXT NOT NULL,
    "fileHash" TEXT NOT NULL,
    "status" "ImportStatus" NOT NULL DEFAULT 'running',
    "rowsRead" INTEGER NOT NULL DEFAULT 0,
    "rowsImported" INTEGER NOT NULL DEFAULT 0,
    "rowsSkipped" INTEGER NOT NULL DEFAULT 0,
    "skipped" JSONB,
    "createdById" TEXT,
    "startedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" TIMESTAMP(3),

    CONSTRAINT "ImportBatch_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "IngestToken" (
    "id" TEXT NOT NULL,
    "workspaceId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "prefix" TEXT NOT NULL,
    "createdById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastUsedAt" TIMESTAMP(3),
    "revokedAt" TIMESTAMP(3),

    CONSTRAINT "IngestToken_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AuditLog" (
    "id" BIGSERIAL NOT NULL,
    "workspaceId" TEXT NOT NULL,
    "actorId" TEXT,
    "action" TEXT NOT NULL,
    "subject" TEXT,
    "allowed" BOOLEAN NOT NULL DEFAULT true,
    "detail" JSONB,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AuditLog_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Workspace_slackTeamId_key" ON "Workspace"("slackTeamId");

-- CreateIndex
CREATE UNIQUE INDEX "Workspace_larkTenantKey_key" ON "Workspace"("larkTenantKey");

-- CreateIndex
CREATE UNIQUE INDEX "Team_workspaceId_slug_key" ON "Team"("workspaceId", "slug");

-- CreateIndex
CREATE UNIQUE INDEX "TeamHoliday_teamId_date_key" ON "TeamHoliday"("teamId", "date");

-- CreateIndex
CREATE INDEX "Member_teamId_role_idx" ON "Member"("teamId", "role");

-- CreateIndex
CREATE UNIQUE INDEX "Member_workspaceId_handle_key" ON "Member"("workspaceId", "handle");

-- CreateIndex
CREATE UNIQUE INDEX "Member_workspaceId_slackUserId_key" ON "Member"("workspaceId", "slackUserId");

-- CreateIndex
CREATE UNIQUE INDEX "Member_workspaceId_larkOpenId_key" ON "Member"("workspaceId", "larkOpenId");

-- CreateIndex
CREATE UNIQUE INDEX "MemberLink_workspaceId_platform_platformUserId_key" ON "MemberLink"("workspaceId", "platform", "platformUserId");

-- CreateIndex
CREATE UNIQUE INDEX "Shop_workspaceId_platform_externalId_key" ON "Shop"("workspaceId", "platform", "externalId");

-- CreateIndex
CREATE UNIQUE INDEX "SocialAccount_workspaceId_platform_handle_key" ON "SocialAccount"("workspaceId", "platform", "handle");

-- CreateIndex
CREATE INDEX "Fact_teamId_metricKey_date_idx" ON "Fact"("teamId", "metricKey", "date");

-- CreateIndex
CREATE INDEX "Fact_memberId_metricKey_date_idx" ON "Fact"("memberId", "metricKey", "date");

-- CreateIndex
CREATE INDEX "Fact_shopId_metricKey_date_idx" ON "Fact"("shopId", "metricKey", "date");

-- CreateIndex
CREATE INDEX "Fact_creatorId_date_idx" ON "Fact"("creatorId", "date");

-- CreateIndex
CREATE INDEX "Fact_workspaceId_metricKey_date_idx" ON "Fact"("workspaceId", "metricKey", "date");

-- CreateIndex
CREATE UNIQUE INDEX "fact_natural_key" ON "Fact"("teamId", "date", "metricKey", "scopeType", "scopeId", "contentType", "traffic", "productId", "source");

-- CreateIndex
CREATE INDEX "Target_teamId_periodStart_idx" ON "Target"("teamId", "periodStart");

-- CreateIndex
CREATE UNIQUE INDEX "Target_workspaceId_scopeType_scopeId_metricKey_periodKind_p_key" ON "Target"("workspaceId", "scopeType", "scopeId", "metricKey", "periodKind", "periodStart");

-- CreateIndex
CREATE UNIQUE INDEX "TargetTier_targetId_rank_key" ON "TargetTier"("targetId", "rank");

-- CreateIndex
CREATE UNIQUE INDEX "ContentLog_sourceEventId_key" ON "ContentLog"("sourceEventId");

-- CreateIndex
CREATE INDEX "ContentLog_memberId_loggedAt_idx" ON "ContentLog"("memberId", "loggedAt");

-- CreateIndex
CREATE INDEX "ContentLog_teamId_localDate_idx" ON "ContentLog"("teamId", "localDate");

-- CreateIndex
CREATE INDEX "Creator_ownerId_stage_idx" ON "Creator"("ownerId", "stage");

-- CreateIndex
CREATE INDEX "Creator_teamId_stage_idx" ON "Creator"("teamId", "stage");

-- CreateIndex
CREATE INDEX "Creator_nextFollowUpAt_idx" ON "Creator"("nextFollowUpAt");

-- CreateIndex
CREATE UNIQUE INDEX "Creator_workspaceId_platform_handle_key" ON "Creator"("workspaceId", "platform", "handle");

-- CreateIndex
CREATE INDEX "CreatorStageChange_creatorId_changedAt_idx" ON "CreatorStageChange"("creatorId", "changedAt");

-- CreateIndex
CREATE INDEX "CreatorStageChange_changedById_changedAt_idx" ON "CreatorStageChange"("changedById", "changedAt");

-- CreateIndex
CREATE INDEX "CreatorContact_creatorId_contactedAt_idx" ON "CreatorContact"("creatorId", "contactedAt");

-- CreateIndex
CREATE INDEX "CreatorContact_memberId_contactedAt_idx" ON "CreatorContact"("memberId", "contactedAt");

-- CreateIndex
CREATE UNIQUE INDEX "StandupQuestion_teamId_position_key" ON "StandupQuestion"("teamId", "position");

-- CreateIndex
CREATE INDEX "StandupAnswer_teamId_localDate_idx" ON "StandupAnswer"("teamId", "localDate");

-- CreateIndex
CREATE UNIQUE INDEX "StandupAnswer_memberId_questionId_localDate_key" ON "StandupAnswer"("memberId", "questionId", "localDate");

-- CreateIndex
CREATE INDEX "AlertRule_teamId_enabled_idx" ON "AlertRule"("teamId", "enabled");

-- CreateIndex
CREATE UNIQUE INDEX "AlertEvent_incidentKey_key" ON "AlertEvent"("incidentKey");

-- CreateIndex
CREATE INDEX "AlertEvent_teamId_status_idx" ON "AlertEvent"("teamId", "status");

-- CreateIndex
CREATE INDEX "AlertEvent_workspaceId_createdAt_idx" ON "AlertEvent"("workspaceId", "createdAt");

-- CreateIndex
CREATE INDEX "JobRun_status_leaseUntil_idx" ON "JobRun"("status", "leaseUntil");

-- CreateIndex
CREATE UNIQUE INDEX "JobRun_jobName_targetKey_localDate_key" ON "JobRun"("jobName", "targetKey", "localDate");

-- CreateIndex
CREATE INDEX "ProcessedEvent_receivedAt_idx" ON "ProcessedEvent"("receivedAt");

-- CreateIndex
CREATE UNIQUE INDEX "ImportBatch_workspaceId_fileHash_key" ON "ImportBatch"("workspaceId", "fileHash");

-- CreateIndex
CREATE UNIQUE INDEX "IngestToken_tokenHash_key" ON "IngestToken"("tokenHash");

-- CreateIndex
CREATE INDEX "AuditLog_workspaceId_at_idx" ON "AuditLog"("workspaceId", "at");

-- AddForeignKey
ALTER TABLE "Team" ADD CONSTRAINT "Team_workspaceId_fkey" FOREIGN KEY ("workspaceId") REFERENCES "Workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TeamHoliday" ADD CONSTRAINT "TeamHoliday_teamId_fkey" FOREIGN KEY ("teamId") REFERENCES "Team"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Member" ADD CONSTRAINT "Member_workspaceId_fkey" FOREIGN KEY ("workspaceId") REFERENCES "Workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Member" ADD CONSTRAINT "Member_teamId_fkey" FOREIGN KEY ("teamId") REFERENCES "Team"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MemberLink" ADD CONSTRAINT "MemberLink_workspaceId_fkey" FOREIGN KEY ("workspaceId") REFERENCES "Workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MemberLink" ADD CONSTRAINT "MemberLink_memberId_fkey" FOREIGN KEY ("memberId") REFERENCES "Member"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Shop" ADD CONSTRAINT "Shop_workspaceId_fkey" FOREIGN KEY ("workspaceId") REFERENCES "Workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Shop" ADD CONSTRAINT "Shop_teamId_fkey" FOREIGN KEY ("teamId") REFERENCES "Team"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SocialAccount" ADD CONSTRAINT "SocialAccount_workspaceId_fkey" FOREIGN KEY ("workspaceId") REFERENCES "Workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SocialAccount" ADD CONSTRAINT "SocialAccount_memberId_fkey" FOREIGN KEY ("memberId") REFERENCES "Member"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Fact" ADD CONSTRAINT "Fact_workspaceId_fkey" FOREIGN KEY ("workspaceId") REFERENCES "Workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Fact" ADD CONSTRAINT "Fact_teamId_fkey" FOREIGN KEY ("teamId") REFERENCES "Team"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Fact" ADD CONSTRAINT "Fact_metricKey_fkey" FOREIGN KEY ("metricKey") REFERENCES "MetricDefinition"("key") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Fact" ADD CONSTRAINT "Fact_memberId_fkey" FOREIGN KEY ("memberId") REFERENCES "Member"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Fact" ADD CONSTRAINT "Fact_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Fact" ADD CONSTRAINT "Fact_creatorId_fkey" FOREIGN KEY ("creatorId") REFERENCES "Creator"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Fact" ADD CONSTRAINT "Fact_importBatchId_fkey" FOREIGN KEY ("importBatchId") REFERENCES "ImportBatch"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Target" ADD CONSTRAINT "Target_workspaceId_fkey" FOREIGN KEY ("workspaceId") REFERENCES "Workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Target" ADD CONSTRAINT "Target_teamId_fkey" FOREIGN KEY ("teamId") REFERENCES "Team"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Target" ADD CONSTRAINT "Target_metricKey_fkey" FOREIGN KEY ("metricKey") REFERENCES "MetricDefinition"("key") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TargetTier" ADD CONSTRAINT "TargetTier_targetId_fkey" FOREIGN KEY ("targetId") REFERENCES "Target"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ContentLog" ADD CONSTRAINT "ContentLog_workspaceId_fkey" FOREIGN KEY ("workspaceId") REFERENCES "Workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ContentLog" ADD CONSTRAINT "ContentLog_teamId_fkey" FOREIGN KEY ("teamId") REFERENCES "Team"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ContentLog" ADD CONSTRAINT "ContentLog_memberId_fkey" FOREIGN KEY ("memberId") REFERENCES "Member"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ContentLog" ADD CONSTRAINT "ContentLog_creatorId_fkey" FOREIGN KEY ("creatorId") REFERENCES "Creator"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Creator" ADD CONSTRAINT "Creator_workspaceId_fkey" FOREIGN KEY ("workspaceId") REFERENCES "Workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Creator" ADD CONSTRAINT "Creator_teamId_fkey" FOREIGN KEY ("teamId") REFERENCES "Team"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Creator" ADD CONSTRAINT "Creator_ownerId_fkey" FOREIGN KEY ("ownerId") REFERENCES "Member"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CreatorStageChange" ADD CONSTRAINT "CreatorStageChange_creatorId_fkey" FOREIGN KEY ("creatorId") REFERENCES "Creator"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CreatorStageChange" ADD CONSTRAINT "CreatorStageChange_changedById_fkey" FOREIGN KEY ("changedById") REFERENCES "Member"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CreatorContact" ADD CONSTRAINT "CreatorContact_creatorId_fkey" FOREIGN KEY ("creatorId") REFERENCES "Creator"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CreatorContact" ADD CONSTRAINT "CreatorContact_memberId_fkey" FOREIGN KEY ("memberId") REFERENCES "Member"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "StandupQuestion" ADD CONSTRAINT "StandupQuestion_teamId_fkey" FOREIGN KEY ("teamId") REFERENCES "Team"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "StandupAnswer" ADD CONSTRAINT "StandupAnswer_teamId_fkey" FOREIGN KEY ("teamId") REFERENCES "Team"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "StandupAnswer" ADD CONSTRAINT "StandupAnswer_memberId_fkey" FOREIGN KEY ("memberId") REFERENCES "Member"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "StandupAnswer" ADD CONSTRAINT "StandupAnswer_questionId_fkey" FOREIGN KEY ("questionId") REFERENCES "StandupQuestion"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AlertRule" ADD CONSTRAINT "AlertRule_workspaceId_fkey" FOREIGN KEY ("workspaceId") REFERENCES "Workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AlertRule" ADD CONSTRAINT "AlertRule_teamId_fkey" FOREIGN KEY ("teamId") REFERENCES "Team"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AlertEvent" ADD CONSTRAINT "AlertEvent_workspaceId_fkey" FOREIGN KEY ("workspaceId") REFERENCES "Workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AlertEvent" ADD CONSTRAINT "AlertEvent_teamId_fkey" FOREIGN KEY ("teamId") REFERENCES "Team"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AlertEvent" ADD CONSTRAINT "AlertEvent_ruleId_fkey" FOREIGN KEY ("ruleId") REFERENCES "AlertRule"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AlertEvent" ADD CONSTRAINT "AlertEvent_assignedToId_fkey" FOREIGN KEY ("assignedToId") REFERENCES "Member"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ImportBatch" ADD CONSTRAINT "ImportBatch_workspaceId_fkey" FOREIGN KEY ("workspaceId") REFERENCES "Workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "IngestToken" ADD CONSTRAINT "IngestToken_workspaceId_fkey" FOREIGN KEY ("workspaceId") REFERENCES "Workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AuditLog" ADD CONSTRAINT "AuditLog_workspaceId_fkey" FOREIGN KEY ("workspaceId") REFERENCES "Workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AuditLog" ADD CONSTRAINT "AuditLog_actorId_fkey" FOREIGN KEY ("actorId") REFERENCES "Member"("id") ON DELETE SET NULL ON UPDATE CASCADE;

